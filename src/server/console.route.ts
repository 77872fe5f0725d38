// The investigator's console at /console and GraphiQL at /graphql (for browsers), both bundled into dist/web by
// `npm run build` from npm packages: nothing is loaded from a CDN, so both work offline.
import fs from 'node:fs';
import path from 'node:path';
import express, { NextFunction, Request, Response, Router } from 'express';
import { projectRoot } from '../util/project-root';

export const WEB_DIR = (): string => path.join(projectRoot(), 'dist', 'web');

function page(file: string) {
  return (_req: Request, res: Response) => {
    if (!fs.existsSync(file)) {
      res.status(503).type('text/plain').send('The console is not built: run `npm run build` (npm start does it).\n');
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(file);
  };
}

export function consoleRoutes(): Router {
  const router = Router();
  const web = WEB_DIR();
  const consolePage = page(path.join(web, 'console', 'index.html'));
  const graphiqlPage = page(path.join(web, 'graphiql', 'index.html'));
  router.get('/console', consolePage);
  router.use('/console', express.static(path.join(web, 'console'), { index: false, fallthrough: true }));
  router.use('/graphiql', express.static(path.join(web, 'graphiql'), { index: false }));
  // A browser opening /graphql (GET, asking for HTML) gets GraphiQL; every other request goes on to Apollo.
  router.get('/graphql', (req: Request, res: Response, next: NextFunction) => {
    if (
      req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html' &&
      !req.query.query
    )
      return graphiqlPage(req, res);
    next();
  });
  return router;
}
