// Finds the repository root (where package.json and cypher/ live) from compiled or ts-jest code.
import fs from 'node:fs';
import path from 'node:path';

let cached: string | undefined;

export function projectRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'cypher'))) {
      cached = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the ringscope project root above ${__dirname}`);
    dir = parent;
  }
}
