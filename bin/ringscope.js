#!/usr/bin/env node
// Entry point of the `ringscope` command; the TypeScript is compiled to dist/ by `npm ci` (prepare).
const os = require('node:os');

// A bulk load keeps every accepted id and device/IP sighting in memory (10.9 GiB for 46M rows before ids moved into
// typed arrays), and a detection run peaks at 5.3 GiB at 4M accounts: at the seed's scale both pass V8's default
// old-space limit of about 4 GiB. `load` and `detect` run in a child with a limit of half the machine's memory, unless the caller chose one
// (node --max-old-space-size or NODE_OPTIONS). --expose-gc lets the bulk path hand its id tables back before the
// import (src/ingest/bulk-check.ts, release).
const chosen = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('max-old-space-size'));
if (['load', 'detect'].includes(process.argv[2]) && !chosen) {
  const mib = Math.floor(os.totalmem() / 2 / 2 ** 20);
  const child = require('node:child_process').spawn(
    process.execPath,
    [...process.execArgv, `--max-old-space-size=${mib}`, '--expose-gc', process.argv[1], ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (!signal) process.exit(code ?? 1);
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  });
} else {
  require('../dist/src/cli/index.js')
    .buildProgram()
    .parseAsync(process.argv)
    .catch((error) => {
      process.stderr.write(`ringscope: ${error.message}\n`);
      process.exit(1);
    });
}
