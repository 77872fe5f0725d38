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

/** The field generator's patterns (`ringscope generate --patterns field`) and the signal meant to catch each. */
export const FIELD_TRUTH_KINDS: Record<string, Exclude<RingKind, 'COMBINED'>> = {
  emulator_farm: 'SHARED_NETWORK',
  task_brushing: 'TASK_BRUSHING',
  cashback: 'CASHBACK',
  small_farm: 'SHARED_DEVICE',
  loose_lockstep: 'COORDINATED_PURCHASE',
  like_brushing: 'LIKE_BRUSHING',
  review_attack: 'REVIEW_ATTACK',
  template_reviews: 'TEMPLATE_TEXT',
  review_burst: 'REVIEW_BURST',
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
  /** Truth accounts of this kind in any detected ring, whatever its signal, and their share. */
  flaggedByAny: number;
  recallAny: number;
  /** Planted rings with at least half their accounts in some detected ring. */
  ringsFoundAny: number;
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
  /** Flagged accounts that are in some planted ring (any kind), and their share of all flagged accounts. */
  flaggedInRings: number;
  precision: number;
}

/** Reads CSV text, or the file when given a path (rings.csv, negatives.csv). */
export function csvRecords(csvOrPath: string): Record<string, string>[] {
  const text = !csvOrPath.includes('\n') && fs.existsSync(csvOrPath) ? fs.readFileSync(csvOrPath, 'utf8') : csvOrPath;
  return parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
}

const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);

/**
 * What evaluation needs of a ring: its signals and its members' accounts (detected or read back from storage).
 * A member counts for the signals that caught it where known (COMBINED rings), else for the ring's.
 */
export interface EvaluatedRing {
  signals: DetectedRing['signals'];
  members: { accountId: string; signals?: DetectedRing['signals'] | null }[];
}

/**
 * A member counts for each kind among its own signals (in a COMBINED ring, the detectors that caught it), or the
 * ring's signals when those are unknown; "any signal" figures count it in whatever ring holds it. `truthCsv` is
 * rings.csv (ring_id, kind, account_id) and `negativesCsv` negatives.csv (group_id, kind, account_id), text or paths.
 */
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
  const present = new Set(truth.map((r) => r.kind));
  // The classic kinds are always reported on classic truth (as before); any other kind when the truth holds it.
  const classic = Object.keys(TRUTH_KINDS).some((k) => present.has(k));
  const signalOf: Record<string, Exclude<RingKind, 'COMBINED'>> = {
    ...(classic ? TRUTH_KINDS : {}),
    ...Object.fromEntries(Object.entries(FIELD_TRUTH_KINDS).filter(([k]) => present.has(k))),
  };
  const kinds: Record<string, KindQuality> = {};
  const half = (members: string[], flagged: Set<string>): boolean =>
    members.filter((a) => flagged.has(a)).length * 2 >= members.length;
  for (const [kind, signal] of Object.entries(signalOf)) {
    const rows = truth.filter((r) => r.kind === kind);
    const accounts = new Set(rows.map((r) => r.account_id));
    const flagged = flaggedBy.get(signal) ?? new Set<string>();
    const tp = [...flagged].filter((a) => accounts.has(a)).length;
    const byAny = [...accounts].filter((a) => anyFlagged.has(a)).length;
    const byRing = new Map<string, string[]>();
    for (const r of rows) (byRing.get(r.ring_id) ?? byRing.set(r.ring_id, []).get(r.ring_id)!).push(r.account_id);
    kinds[kind] = {
      truth: accounts.size,
      flagged: flagged.size,
      truePositives: tp,
      precision: ratio(tp, flagged.size),
      recall: ratio(tp, accounts.size),
      rings: byRing.size,
      ringsFound: [...byRing.values()].filter((m) => half(m, flagged)).length,
      flaggedByAny: byAny,
      recallAny: ratio(byAny, accounts.size),
      ringsFoundAny: [...byRing.values()].filter((m) => half(m, anyFlagged)).length,
    };
  }
  const inRings = new Set(truth.map((r) => r.account_id));
  const flaggedInRings = [...anyFlagged].filter((a) => inRings.has(a)).length;
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
    flaggedInRings,
    precision: ratio(flaggedInRings, anyFlagged.size),
  };
}

/** The evaluation as a Markdown table, as recorded in bench/results/quality.md. */
export function evaluationTable(e: Evaluation): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const lines = [
    `${e.flaggedAccounts} accounts flagged in ${e.rings} rings; ${e.flaggedInRings} of them in a planted ring: precision ${e.precision.toFixed(3)}`,
    '',
    '| kind | truth accounts | flagged | true positives | precision | recall | planted rings found | recall (any signal) | rings found (any signal) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...Object.entries(e.kinds).map(
      ([k, q]) =>
        `| ${k} | ${q.truth} | ${q.flagged} | ${q.truePositives} | ${q.precision.toFixed(3)} | ${q.recall.toFixed(3)} | ${q.ringsFound}/${q.rings} | ${q.recallAny.toFixed(3)} | ${q.ringsFoundAny}/${q.rings} |`,
    ),
    '',
    '| hard negative | accounts | flagged (any ring) | share |',
    '| --- | ---: | ---: | ---: |',
    ...Object.entries(e.negatives).map(([k, n]) => `| ${k} | ${n.accounts} | ${n.flagged} | ${pct(n.share)} |`),
    `| all | ${e.allNegatives.accounts} | ${e.allNegatives.flagged} | ${pct(e.allNegatives.share)} |`,
  ];
  return lines.join('\n');
}
