// Entry of the worker thread that runs a full detection (started by detect-worker.ts): its own driver to the same
// database, so the process's event loop only serves requests while the detectors read and compute.
import { parentPort, workerData } from 'node:worker_threads';
import { connectDatabase, DeadlineExceededError } from '../db/database';
import { detectAll } from './detect-all';
import { WorkerInput, WorkerOutput } from './detect-worker';

async function main(input: WorkerInput): Promise<WorkerOutput> {
  const db = await connectDatabase(input.config, input.uri);
  try {
    // Every read gets the detection timeout, and none outlives the run's deadline.
    const runDb = db.withTimeout(db.detectionTimeoutMs).withDeadline(input.deadline);
    return { result: await detectAll(runDb, input.overrides) };
  } finally {
    await db.close();
  }
}

main(workerData as WorkerInput).then(
  (output) => parentPort!.postMessage(output),
  (error: Error & { code?: string }) =>
    parentPort!.postMessage({
      error: { message: error.message, code: error.code, deadline: error instanceof DeadlineExceededError },
    }),
);
