// A full detection run in a worker thread (worker.ts), so that Louvain, connected components, group building and
// decoding large results never hold the event loop that answers /healthz and other requests. The run has its own
// deadline: past it the worker is terminated (its connections close, so its transactions end) and nothing is stored.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Config } from '../config';
import { Database } from '../db/database';
import { DetectAllResult } from './detect-all';

export interface WorkerInput {
  config: Config;
  uri: string;
  overrides?: Record<string, object>;
  /** Epoch ms. */
  deadline: number;
}

export type WorkerOutput =
  { result: DetectAllResult; error?: undefined } | { error: { message: string; code?: string; deadline: boolean } };

/** A detection run went past RINGSCOPE_DETECTION_DEADLINE_MS and was stopped; the stored rings are unchanged. */
export class DetectionDeadlineError extends Error {
  constructor(readonly deadlineMs: number) {
    super(
      `the detection run went past its deadline (RINGSCOPE_DETECTION_DEADLINE_MS=${deadlineMs}) and was stopped; ` +
        'the stored rings are still those of the previous run',
    );
  }
}

/**
 * Under ts-jest (or any run from the TypeScript sources) the worker cannot load .ts by itself: this bootstrap
 * compiles each .ts file it requires with the installed `typescript` (transpileModule, no type check) first.
 */
const TS_BOOTSTRAP = `
const fs = require('node:fs');
const { workerData } = require('node:worker_threads');
const ts = require(workerData.typescript);
require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
    },
  });
  module._compile(outputText, filename);
};
require(workerData.entry);
`;

function startWorker(input: WorkerInput): Worker {
  // worker.js beside this file in dist/, worker.ts beside it in src/.
  const entry = path.join(__dirname, `worker${path.extname(__filename)}`);
  if (entry.endsWith('.ts')) {
    return new Worker(TS_BOOTSTRAP, {
      eval: true,
      workerData: { ...input, entry, typescript: require.resolve('typescript') },
    });
  }
  return new Worker(entry, { workerData: input });
}

/** detectAll in a worker thread, ended at the handle's deadline (the run's, from RINGSCOPE_DETECTION_DEADLINE_MS). */
export function detectAllInWorker(db: Database, overrides?: Record<string, object>): Promise<DetectAllResult> {
  const deadline = db.deadline ?? Date.now() + db.config.detectionDeadlineMs;
  const deadlineMs = db.config.detectionDeadlineMs;
  return new Promise((resolve, reject) => {
    const worker = startWorker({ config: db.config, uri: db.uri, overrides, deadline });
    let settled = false;
    const settle = (done: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      done();
      void worker.terminate();
    };
    // However long a synchronous step of the worker holds it, the deadline ends it. A timer waits 2^31 - 1 ms
    // (24.8 days) at most: a longer delay would fire at once, so a longer deadline is cut to that.
    const timer = setTimeout(
      () => settle(() => reject(new DetectionDeadlineError(deadlineMs))),
      Math.min(2 ** 31 - 1, Math.max(0, deadline - Date.now())),
    );
    worker.on('message', (output: WorkerOutput) =>
      settle(() => {
        if (!output.error) return resolve(output.result);
        // A read stopped by what was left of the deadline fails as the deadline, not as a database error.
        if (output.error.deadline || Date.now() >= deadline) {
          return reject(new DetectionDeadlineError(deadlineMs));
        }
        reject(Object.assign(new Error(output.error.message), { code: output.error.code }));
      }),
    );
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the detection worker stopped (exit code ${code})`))));
  });
}
