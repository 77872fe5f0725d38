# The API image; Neo4j runs in its own container (docker-compose.yml).
FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY web ./web
COPY bin ./bin
COPY cypher ./cypher
COPY schema ./schema
COPY seeds ./seeds
RUN npm ci && npm prune --omit=dev
ENV NODE_ENV=production
EXPOSE 4000
HEALTHCHECK CMD node -e "fetch('http://localhost:4000/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "bin/ringscope.js", "serve"]
