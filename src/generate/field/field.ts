// The field generator: ordinary shoppers plus every pattern and innocent crowd of issue 7, each from its planner.
import fs from 'node:fs';
import path from 'node:path';
import { RowWriter } from '../csv-writer';
import { Rng } from '../prng';
import { DataFile, SCHEMAS, TRUTH_SCHEMAS, TruthFile } from '../schema';
import { planners } from './registry';
import { checkOverrides, Overrides, ParameterSpecs, Settings } from './settings';
import { World, Writers } from './world';

export const BACKGROUND = 'background';

export const BACKGROUND_PARAMETERS: ParameterSpecs = {
  orders: { range: [1, 12], whole: true, description: 'orders of an ordinary account over the half year' },
  reviewShare: {
    range: [0.2, 0.8],
    description: "an ordinary account's habit: share of its orders it reviews (drawn per account within this)",
  },
  genericTextShare: {
    range: [0.08, 0.08],
    description: 'share of genuine texts that are short generic praise ("好评", "good"), which repeat by themselves',
  },
  likeShare: { range: [0.3, 0.3], description: 'probability that an ordinary account likes a few recent reviews' },
  accountsPerShop: { range: [100, 100], description: 'ordinary accounts per shop (sets the number of shops)' },
  accountsPerProduct: { range: [8, 8], description: 'ordinary accounts per product (sets the catalogue size)' },
};

/** Every planner's parameters by name, the background's included: the docs and --set checks read this. */
export function fieldParameters(): Record<string, ParameterSpecs> {
  return { [BACKGROUND]: BACKGROUND_PARAMETERS, ...Object.fromEntries(planners.map((p) => [p.kind, p.parameters])) };
}

/** A stream per planner name, so that adding a planner does not shift the others' numbers. */
function streamOf(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 31) + name.charCodeAt(i)) | 0;
  return 1000 + ((h >>> 0) % 1_000_000);
}

export interface FieldOptions {
  out: string;
  /** Ordinary (background) accounts; groups recruit from them, and rings of new accounts add their own. */
  accounts: number;
  seed: number;
  format: 'csv' | 'ndjson';
  overrides: Overrides;
}

export async function generateField(
  opts: FieldOptions,
): Promise<{ files: Record<string, number>; rings: number; negatives: number }> {
  checkOverrides(opts.overrides, fieldParameters());
  fs.mkdirSync(opts.out, { recursive: true });
  const other = opts.format === 'csv' ? 'ndjson' : 'csv';
  for (const schema of Object.values(SCHEMAS))
    fs.rmSync(path.join(opts.out, `${schema.name}.${other}`), { force: true });
  const writers = {} as Writers;
  for (const [key, schema] of Object.entries(SCHEMAS))
    writers[key as DataFile] = new RowWriter(path.join(opts.out, `${schema.name}.${opts.format}`), schema, opts.format);
  for (const [key, schema] of Object.entries(TRUTH_SCHEMAS))
    writers[key as TruthFile] = new RowWriter(path.join(opts.out, `${schema.name}.csv`), schema, 'csv');
  const all = Object.values(writers);
  const drain = async (): Promise<void> => {
    for (const w of all) if (w.needsDrain) await w.drain();
  };
  try {
    const bg = new Settings(BACKGROUND, BACKGROUND_PARAMETERS, opts.overrides);
    const rng = new Rng(opts.seed, streamOf(BACKGROUND));
    const n = opts.accounts;
    const world = new World(
      opts.seed,
      writers,
      {
        reviewShare: bg.range('reviewShare'),
        genericTextShare: bg.draw(rng, 'genericTextShare'),
        likeShare: bg.draw(rng, 'likeShare'),
      },
      Math.max(60, Math.round(n / bg.draw(rng, 'accountsPerShop'))),
      Math.max(300, Math.round(n / bg.draw(rng, 'accountsPerProduct'))),
    );
    for (let i = 0; i < n; i++) {
      world.ordinaryAccount(rng, bg.draw(rng, 'orders'));
      if ((i & 255) === 0) await drain();
    }
    const scale = n / 20000;
    for (const planner of planners) {
      planner.plan(
        world,
        new Rng(opts.seed, streamOf(planner.kind)),
        new Settings(planner.kind, planner.parameters, opts.overrides),
        scale,
      );
      await drain();
    }
  } finally {
    await Promise.allSettled(all.map((w) => w.close()));
  }
  const files: Record<string, number> = {};
  for (const w of all) files[w.file] = w.rows;
  const groups = (file: string): number =>
    new Set(
      fs
        .readFileSync(path.join(opts.out, file), 'utf8')
        .split('\n')
        .slice(1)
        .filter(Boolean)
        .map((l) => l.split(',')[0]),
    ).size;
  return { files, rings: groups('rings.csv'), negatives: groups('negatives.csv') };
}
