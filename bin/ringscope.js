#!/usr/bin/env node
// Entry point of the `ringscope` command; the TypeScript is compiled to dist/ by `npm ci` (prepare).
require('../dist/src/cli/index.js')
  .buildProgram()
  .parseAsync(process.argv)
  .catch((error) => {
    process.stderr.write(`ringscope: ${error.message}\n`);
    process.exit(1);
  });
