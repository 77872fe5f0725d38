// Quality of detected rings against a generated dataset's ground truth: account-level precision and recall per kind.
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { DetectedRing, RingKind } from './types';

/** Ground-truth kinds as rings.csv spells them, and the signal each one is. */
export const TRUTH_KINDS: Record<string, Exclude<RingKind, 'COMBINED'>> = {
  shared_device: 'SHARED_DEVICE',
  cashback: 'CASHBACK',
  coordinated_purchase: 'COORDINATED_PURCHASE',
};

export interface KindQuality {
  /** Accounts of this kind in the ground truth. */
  truth: number;
  /** Accounts flagged with this kind: members whose own signals include it (the ring's signals when unknown). */
  flagged: number;
  truePositives: number;
  precision: number;
  recall: number;
  /** Planted rings of this kind, and how many have at least half their accounts flagged with this kind. */
  rings: number;
  ringsFound: number;
}

export interface NegativeQuality {
  accounts: number;
  /** Accounts of this hard-negative kind in any ring. */
  flagged: number;
  share: number;
}

export interface Evaluation {
  kinds: Record<string, KindQuality>;
  negatives: Record<string, NegativeQuality>;
  /** Every hard-negative account together. */
  allNegatives: NegativeQuality;
  rings: number;
  flaggedAccounts: number;
}

/** Reads CSV text, or the file when given a path (rings.csv, negatives.csv). */
export function csvRecords(csvOrPath: string): Record<string, string>[] {
  const text = !csvOrPath.includes('\n') && fs.existsSync(csvOrPath) ? fs.readFileSync(csvOrPath, 'utf8') : csvOrPath;
  return parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
}

const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);

/**
 * A member counts for each kind among its own signals (in a COMBINED ring, the detectors that caught it), or the
 * ring's signals when those are unknown. `truthCsv` is rings.csv (ring_id, kind, account_id) and
 * `negativesCsv` negatives.csv (group_id, kind, account_id), as text or as file paths.
 */
/**
 * What evaluation needs of a ring: its signals and its members' accounts (detected or read back from storage).
 * A member counts for the signals that caught it where known (COMBINED rings), else for the ring's.
 */
export interface EvaluatedRing {
  signals: DetectedRing['signals'];
  members: { accountId: string; signals?: DetectedRing['signals'] | null }[];
}

export function evaluate(rings: EvaluatedRing[], truthCsv: string, negativesCsv?: string): Evaluation {
  const flaggedBy = new Map<string, Set<string>>();
  const anyFlagged = new Set<string>();
  for (const ring of rings)
    for (const m of ring.members) {
      anyFlagged.add(m.accountId);
      for (const s of m.signals ?? ring.signals)
        (flaggedBy.get(s) ?? flaggedBy.set(s, new Set()).get(s)!).add(m.accountId);
    }
  const truth = csvRecords(truthCsv);
  const kinds: Record<string, KindQuality> = {};
  for (const [kind, signal] of Object.entries(TRUTH_KINDS)) {
    const rows = truth.filter((r) => r.kind === kind);
    const accounts = new Set(rows.map((r) => r.account_id));
    const flagged = flaggedBy.get(signal) ?? new Set<string>();
    const tp = [...flagged].filter((a) => accounts.has(a)).length;
    const byRing = new Map<string, string[]>();
    for (const r of rows) (byRing.get(r.ring_id) ?? byRing.set(r.ring_id, []).get(r.ring_id)!).push(r.account_id);
    const ringsFound = [...byRing.values()].filter(
      (m) => m.filter((a) => flagged.has(a)).length * 2 >= m.length,
    ).length;
    kinds[kind] = {
      truth: accounts.size,
      flagged: flagged.size,
      truePositives: tp,
      precision: ratio(tp, flagged.size),
      recall: ratio(tp, accounts.size),
      rings: byRing.size,
      ringsFound,
    };
  }
  const negatives: Record<string, NegativeQuality> = {};
  const all = new Set<string>();
  for (const r of negativesCsv ? csvRecords(negativesCsv) : []) {
    const n = (negatives[r.kind] ??= { accounts: 0, flagged: 0, share: 0 });
    n.accounts++;
    if (anyFlagged.has(r.account_id)) n.flagged++;
    all.add(r.account_id);
  }
  for (const n of Object.values(negatives)) n.share = ratio(n.flagged, n.accounts);
  const allFlagged = [...all].filter((a) => anyFlagged.has(a)).length;
  return {
    kinds,
    negatives,
    allNegatives: { accounts: all.size, flagged: allFlagged, share: all.size ? allFlagged / all.size : 0 },
    rings: rings.length,
    flaggedAccounts: anyFlagged.size,
  };
}

/** The evaluation as a Markdown table, as recorded in bench/results/quality.md. */
export function evaluationTable(e: Evaluation): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [
    '| kind | truth accounts | flagged | true positives | precision | recall | planted rings found |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...Object.entries(e.kinds).map(
      ([k, q]) =>
        `| ${k} | ${q.truth} | ${q.flagged} | ${q.truePositives} | ${q.precision.toFixed(3)} | ${q.recall.toFixed(3)} | ${q.ringsFound}/${q.rings} |`,
    ),
    '',
    '| hard negative | accounts | flagged | share |',
    '| --- | ---: | ---: | ---: |',
    ...Object.entries(e.negatives).map(([k, n]) => `| ${k} | ${n.accounts} | ${n.flagged} | ${pct(n.share)} |`),
    `| all | ${e.allNegatives.accounts} | ${e.allNegatives.flagged} | ${pct(e.allNegatives.share)} |`,
  ];
  return lines.join('\n');
}
