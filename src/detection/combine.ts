// The combined view: rings of different kinds that share accounts are one ring, scored higher than each part.
import { componentsOf, sorted } from './support';
import { DetectedMember, DetectedRing, RingKind } from './types';

const SIGNAL_NAMES: Record<Exclude<RingKind, 'COMBINED'>, string> = {
  SHARED_DEVICE: 'shared devices',
  CASHBACK: 'cashback',
  SHARED_NETWORK: 'a shared network',
  COORDINATED_PURCHASE: 'coordinated purchases',
  TASK_BRUSHING: 'task brushing',
  LIKE_BRUSHING: 'like brushing',
  REVIEW_ATTACK: 'a review attack',
  TEMPLATE_TEXT: 'template texts',
  REVIEW_BURST: 'a review burst',
};

/** Independent signals agree: 1 − Π(1 − sᵢ) is above every part whenever each part is below 1 and above 0. */
function noisyOr(scores: number[]): number {
  return Math.round((1 - scores.reduce((p, s) => p * (1 - s), 1)) * 10000) / 10000;
}

/**
 * Weaker views of one operation: a ring of the second kind whose members all sit in rings of the first adds nothing
 * (a farm's IP when its phones already gave it away) and is dropped before combining.
 */
const SUBSUMED_BY: Partial<Record<Exclude<RingKind, 'COMBINED'>, Exclude<RingKind, 'COMBINED'>>> = {
  SHARED_NETWORK: 'SHARED_DEVICE',
};

function withoutSubsumed(rings: DetectedRing[]): DetectedRing[] {
  const covered = new Map<string, Set<string>>();
  for (const r of rings)
    for (const s of r.signals)
      for (const m of r.members) (covered.get(s) ?? covered.set(s, new Set()).get(s)!).add(m.accountId);
  return rings.filter((r) => {
    if (r.signals.length !== 1) return true;
    const by = SUBSUMED_BY[r.signals[0]];
    const cover = by ? covered.get(by) : undefined;
    return !cover || !r.members.every((m) => cover.has(m.accountId));
  });
}

export function combineRings(found: DetectedRing[]): DetectedRing[] {
  const rings = withoutSubsumed(found);
  const edges: [string, string][] = [];
  rings.forEach((r, i) => r.members.forEach((m) => edges.push([`ring:${i}`, `account:${m.accountId}`])));
  const out: DetectedRing[] = [];
  const placed = new Set<number>();
  for (const component of componentsOf(edges)) {
    const parts = component.filter((n) => n.startsWith('ring:')).map((n) => Number(n.slice(5)));
    const kinds = new Set(parts.flatMap((i) => rings[i].signals));
    if (parts.length < 2 || kinds.size < 2) continue;
    out.push(merge(parts.map((i) => rings[i])));
    for (const i of parts) placed.add(i);
  }
  rings.forEach((r, i) => {
    if (!placed.has(i)) out.push(r);
  });
  return out;
}

function merge(parts: DetectedRing[]): DetectedRing {
  parts = [...parts].sort((a, b) => b.score - a.score);
  const byAccount = new Map<
    string,
    { scores: number[]; evidence: string[]; roles: string[]; signals: Exclude<RingKind, 'COMBINED'>[] }
  >();
  for (const part of parts) {
    const label = part.signals.map((s) => SIGNAL_NAMES[s]).join(' + ');
    for (const m of part.members) {
      const entry =
        byAccount.get(m.accountId) ??
        byAccount.set(m.accountId, { scores: [], evidence: [], roles: [], signals: [] }).get(m.accountId)!;
      entry.scores.push(m.score);
      entry.signals.push(...(m.signals ?? part.signals));
      entry.evidence.push(...m.evidence.map((e) => `[${label}] ${e}`));
      if (m.role && m.role !== 'member') entry.roles.push(m.role);
    }
  }
  const members: DetectedMember[] = [...byAccount.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([accountId, e]) => ({
      accountId,
      score: noisyOr(e.scores),
      evidence: e.evidence,
      role: e.roles.length ? sorted(e.roles).join(', ') : 'member',
      signals: sorted([...new Set(e.signals)]) as Exclude<RingKind, 'COMBINED'>[],
    }));
  const signals = sorted(parts.flatMap((p) => p.signals)) as DetectedRing['signals'];
  const dates = (pick: (r: DetectedRing) => Date | null) =>
    parts
      .map(pick)
      .filter((d): d is Date => d !== null)
      .map((d) => d.getTime());
  const first = dates((r) => r.firstActivity);
  const last = dates((r) => r.lastActivity);
  const union = (pick: (r: DetectedRing) => string[]) => sorted(parts.flatMap(pick));
  return {
    kind: 'COMBINED',
    score: noisyOr(parts.map((p) => p.score)),
    members,
    devices: union((r) => r.devices),
    payments: union((r) => r.payments),
    products: union((r) => r.products),
    orders: union((r) => r.orders),
    reviews: union((r) => r.reviews),
    merchants: union((r) => r.merchants),
    firstActivity: first.length ? new Date(Math.min(...first)) : null,
    lastActivity: last.length ? new Date(Math.max(...last)) : null,
    signals,
    explanation:
      `${members.length} accounts caught by ${signals.length} signals (${signals.map((s) => SIGNAL_NAMES[s]).join(', ')}). ` +
      parts
        .map(
          (p) =>
            `${capitalise(p.signals.map((s) => SIGNAL_NAMES[s]).join(' + '))} (score ${p.score}): ${p.explanation}`,
        )
        .join(' '),
  };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
