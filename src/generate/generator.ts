// Entry point: writes a deterministic synthetic dataset (load format + rings.csv/negatives.csv ground truth) to a folder.
import fs from 'node:fs';
import path from 'node:path';
import { Context, Writers, accountId, merchantId, productId } from './context';
import { RowWriter } from './csv-writer';
import { money } from './format';
import { generateField } from './field/field';
import { parseSettings } from './field/settings';
import { MAX_ACCOUNTS, MIN_ACCOUNTS, planPopulation, Role } from './population';
import { Rng } from './prng';
import { writeGroup } from './rings';
import { DataFile, SCHEMAS, TRUTH_SCHEMAS, TruthFile } from './schema';
import { writeAccount } from './shoppers';
import { NOUNS, productTitle, shopName } from './vocabulary';

export interface GenerateOptions {
  out: string;
  accounts: number;
  seed: number;
  format?: 'csv' | 'ndjson';
  /** `classic` (default): the original generator, byte for byte. `field`: every pattern and crowd of issue 7. */
  patterns?: 'classic' | 'field';
  /** Field generator parameters, `pattern.param=value` or `pattern.param=lo..hi` (see fieldParameters()). */
  settings?: string[];
  onProgress?: (rowsWritten: number) => void;
}

export interface GenerateSummary {
  /** File name -> data rows (header not counted). */
  files: Record<string, number>;
  /** Planted rings in rings.csv. */
  rings: number;
  /** Hard-negative groups in negatives.csv (households, terminals, flash sales, friend groups, refunding shops). */
  negatives: number;
}

const PROGRESS_EVERY = 100_000;

/** Writes the dataset for (accounts, seed): same inputs, byte-identical files. */
export async function generateDataset(opts: GenerateOptions): Promise<GenerateSummary> {
  const format = opts.format ?? 'csv';
  if (format !== 'csv' && format !== 'ndjson') throw new Error(`format must be csv or ndjson, not ${String(format)}`);
  if (!Number.isInteger(opts.seed)) throw new RangeError(`seed must be a whole number, not ${opts.seed}`);
  const patterns = opts.patterns ?? 'classic';
  if (patterns === 'field') {
    if (!Number.isInteger(opts.accounts) || opts.accounts < MIN_ACCOUNTS || opts.accounts > MAX_ACCOUNTS / 2)
      throw new RangeError(
        `accounts must be a whole number from ${MIN_ACCOUNTS} to ${MAX_ACCOUNTS / 2}, not ${opts.accounts}`,
      );
    return generateField({
      out: opts.out,
      accounts: opts.accounts,
      seed: opts.seed,
      format,
      overrides: parseSettings(opts.settings ?? []),
    });
  }
  if (patterns !== 'classic') throw new Error(`patterns must be classic or field, not ${String(patterns)}`);
  if (opts.settings?.length) throw new Error('--set applies to --patterns field only');
  const plan = planPopulation(opts.accounts, opts.seed);
  fs.mkdirSync(opts.out, { recursive: true });
  // A dataset folder holds name.csv or name.ndjson, never both: drop the other format's files from an earlier run.
  const other = format === 'csv' ? 'ndjson' : 'csv';
  for (const schema of Object.values(SCHEMAS))
    fs.rmSync(path.join(opts.out, `${schema.name}.${other}`), { force: true });
  const writers = {} as Writers;
  for (const [key, schema] of Object.entries(SCHEMAS))
    writers[key as DataFile] = new RowWriter(path.join(opts.out, `${schema.name}.${format}`), schema, format);
  for (const [key, schema] of Object.entries(TRUTH_SCHEMAS))
    writers[key as TruthFile] = new RowWriter(path.join(opts.out, `${schema.name}.csv`), schema, 'csv');
  const all = Object.values(writers);
  const ctx = new Context(plan, writers);

  let failed = false;
  try {
    const drain = async (): Promise<void> => {
      for (const w of all) if (w.needsDrain) await w.drain();
    };
    let reported = 0;
    const progress = (force: boolean): void => {
      if (!opts.onProgress) return;
      const rows = all.reduce((s, w) => s + w.rows, 0);
      if (force || rows - reported >= PROGRESS_EVERY) {
        reported = rows;
        opts.onProgress(rows);
      }
    };

    // Merchants and products.
    const catalog = new Rng(opts.seed, 1);
    for (let m = 0; m < plan.merchants; m++)
      writers.merchants.row([merchantId(m), shopName(catalog, m), accountId(plan.owner[m])]);
    for (let p = 0; p < plan.products; p++) {
      writers.products.row([
        productId(p),
        merchantId(plan.merchantOf[p]),
        productTitle(catalog, NOUNS[plan.noun[p]]),
        money(plan.priceCents[p]),
      ]);
      if ((p & 1023) === 0) await drain();
    }

    // Accounts one by one; each group's rows follow its lowest-numbered member, so ids interleave.
    const schedule = plan.groups.slice().sort((a, b) => a.emitAt - b.emitAt);
    let next = 0;
    const shoppers = new Rng(opts.seed, 2);
    for (let i = 0; i < plan.n; i++) {
      writeAccount(ctx, shoppers, i);
      while (next < schedule.length && schedule[next].emitAt === i) writeGroup(ctx, schedule[next++]);
      if (all.some((w) => w.needsDrain)) await drain();
      progress(false);
    }

    // Owners of shops that refunded someone are hard negatives too.
    let refundShops = 0;
    for (let m = 0; m < plan.merchants; m++) {
      if (ctx.refunds[m] === 0) continue;
      refundShops++;
      if (plan.role[plan.owner[m]] === Role.Owner)
        writers.negatives.row([`rf-${m}`, 'refund', accountId(plan.owner[m])]);
    }
    progress(true);

    const negativeGroups = plan.groups.length - plan.rings.length + refundShops;
    await Promise.all(all.map((w) => w.close()));
    const files: Record<string, number> = {};
    for (const w of all) files[w.file] = w.rows;
    return { files, rings: plan.rings.length, negatives: negativeGroups };
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    if (failed) await Promise.allSettled(all.map((w) => w.close()));
  }
}
