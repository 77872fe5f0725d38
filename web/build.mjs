// Bundles the console and GraphiQL into dist/web with esbuild: every byte comes from npm packages, none from a CDN.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', 'dist', 'web');
const production = process.env.NODE_ENV !== 'development';

const common = {
  bundle: true,
  minify: production,
  sourcemap: true,
  target: ['chrome110', 'firefox115', 'safari16'],
  define: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
  loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'file' },
  logLevel: 'warning',
  legalComments: 'linked',
};

fs.rmSync(out, { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    entryPoints: { console: path.join(here, 'console', 'main.tsx') },
    outdir: path.join(out, 'console'),
    format: 'iife',
  }),
  build({
    ...common,
    entryPoints: { graphiql: path.join(here, 'graphiql', 'main.tsx') },
    outdir: path.join(out, 'graphiql'),
    format: 'iife',
  }),
  // Monaco's workers (GraphiQL's editors) as files of their own, loaded by graphiql/workers.ts.
  build({
    ...common,
    entryPoints: {
      'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
      'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
      'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
    },
    outdir: path.join(out, 'graphiql'),
    format: 'iife',
  }),
]);
for (const app of ['console', 'graphiql'])
  fs.copyFileSync(path.join(here, app, 'index.html'), path.join(out, app, 'index.html'));
console.log(`web: bundled the console and GraphiQL into ${path.relative(process.cwd(), out) || out}`);
