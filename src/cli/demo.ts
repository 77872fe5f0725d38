// The demo that `npm start` serves: the committed dataset loaded into an empty database, with its rings detected.
import path from 'node:path';
import { Database } from '../db/database';
import { rows } from '../db/values';
import { ringsByKind, runDetection } from '../detection/run';
import { currentRun } from '../detection/store';
import { loadDataset } from '../ingest/loader';
import { formatRejection, RejectsWriter } from '../ingest/rejects';
import { logger } from '../util/logger';
import { projectRoot } from '../util/project-root';

export const DEMO_DATASET = (): string => path.join(projectRoot(), 'seeds', 'demo');

export interface DemoPreparation {
  loaded: boolean;
  detected: boolean;
}

/**
 * Loads the demo dataset when the database holds no accounts, then runs detection when no run is stored yet,
 * so a fresh clone serves rings straight away and a database someone already filled is left as it is.
 */
export async function prepareDemo(db: Database, batchSize: number, folder = DEMO_DATASET()): Promise<DemoPreparation> {
  const result: DemoPreparation = { loaded: false, detected: false };
  const [{ accounts }] = rows<{ accounts: number }>(await db.read('read/stats'));
  if (accounts === 0) {
    logger.info({ folder }, 'empty database: loading the demo dataset');
    const rejects = new RejectsWriter(undefined, 5);
    const summary = await loadDataset(db, { folder, batchSize, writers: db.config.loadWriters, rejects });
    if (summary.rejected > 0)
      throw new Error(
        `the demo dataset in ${folder} has ${summary.rejected} rejected rows: ` +
          rejects.first.map(formatRejection).join('; '),
      );
    logger.info({ rows: summary.rows, seconds: summary.seconds }, 'demo dataset loaded');
    result.loaded = true;
  }
  if (!(await currentRun(db))) {
    logger.info('no detection run stored: detecting rings');
    const { run, rings } = await runDetection(db);
    logger.info({ run: run.id, rings: ringsByKind(rings) }, 'rings detected');
    result.detected = true;
  }
  return result;
}
