// Cashback ("red envelope") rings: one payer, funded perhaps through intermediaries, paying a shop's buyers back with a commission.
import { Database } from '../db/database';
import { rows } from '../db/values';
import {
  capped,
  clamp01,
  componentsOf,
  dateOf,
  hasScope,
  hours,
  inChunks,
  money,
  scopeSeedAccounts,
  score,
  SHARED_PARAMETER_DOCS,
  sorted,
  when,
} from './support';
import { DetectedMember, DetectedRing, Detector, Scope } from './types';

export interface CashbackParameters {
  /** Longest time from a payee's order to the payment that pays it back. */
  maxLagHours: number;
  /** Smallest amount above the order amount; a refund (at most the order amount) never qualifies. */
  minCommission: number;
  /** Fixed part of the largest commission above the order amount. */
  maxCommission: number;
  /** Proportional part of the largest commission, as a share of the order amount. */
  maxCommissionRate: number;
  /** Distinct payees of one shop a payer must pay back before it is a ring (friends settle with one or two). */
  minPayees: number;
  /** Rating that counts as a boosting review. */
  minRating: number;
  /** Hops followed upstream from a cashback payer to the accounts that fund it (organisers behind intermediaries). */
  maxFundingHops: number;
  /** How long before its first payout an account may be funded for the funding to count. */
  fundingLeadHours: number;
  /** A funder must have sent at least this share of what the funded account paid out. */
  fundingMinShare: number;
  /** Rings scoring below this are dropped. */
  minScore: number;
}

const defaults: CashbackParameters = {
  maxLagHours: 14 * 24,
  minCommission: 0.01,
  maxCommission: 20,
  maxCommissionRate: 0.15,
  minPayees: 3,
  minRating: 5,
  maxFundingHops: 3,
  fundingLeadHours: 7 * 24,
  fundingMinShare: 0.5,
  minScore: 0.4,
};

const PAYER_CHUNK = 2000;

interface Match {
  payerId: string;
  payeeId: string;
  paymentId: string;
  amount: number;
  paidAt: number;
  orderId: string;
  orderAmount: number;
  placedAt: number;
  productId: string;
  merchantId: string;
  ownerId: string | null;
  review: { id: string; at: number; rating: number } | null;
}

interface Transfer {
  payerId: string;
  payeeId: string;
  paymentId: string;
  amount: number;
  paidAt: number;
}

/** Money an account passed on, and the window in which it did: what its funders must have covered. */
interface Outflow {
  total: number;
  first: number;
  last: number;
}

interface Funding {
  funderId: string;
  fundedId: string;
  payments: Transfer[];
  total: number;
}

async function candidatePayers(db: Database, p: CashbackParameters, scope?: Scope): Promise<string[]> {
  if (!hasScope(scope)) return rows<{ id: string }>(await db.read('detection/cashback-payers')).map((r) => r.id);
  // Around the scope: whoever paid its accounts, and whoever its accounts paid, a few hops down (organisers fund intermediaries).
  const seeds = await scopeSeedAccounts(db, scope);
  const payers = new Set(seeds);
  for (const t of rows<Transfer>(await db.read('detection/payments-received', { accountIds: seeds })))
    payers.add(t.payerId);
  let frontier = seeds;
  for (let hop = 0; hop < p.maxFundingHops && frontier.length > 0; hop++) {
    const sent = rows<Transfer>(await db.read('detection/payments-sent', { accountIds: frontier }));
    frontier = [];
    for (const t of sent)
      if (!payers.has(t.payeeId)) {
        payers.add(t.payeeId);
        frontier.push(t.payeeId);
      }
  }
  return [...payers];
}

/**
 * One payment pays back one order, and one order is paid back once: payments in time order each take their best
 * unclaimed order (reviewed first; then at the shop where the payer pays back the most distinct buyers, so that a
 * camouflage buy at another shop at a similar price does not take the payment; then the latest before the
 * payment). A payment whose every candidate is taken (a second instalment) keeps its best one.
 */
function bestMatches(matches: Match[]): Match[] {
  const byPayment = new Map<string, Match[]>();
  const buyersAt = new Map<string, Set<string>>();
  for (const m of matches) {
    (byPayment.get(m.paymentId) ?? byPayment.set(m.paymentId, []).get(m.paymentId)!).push(m);
    const cell = `${m.payerId}\u0000${m.merchantId}`;
    (buyersAt.get(cell) ?? buyersAt.set(cell, new Set()).get(cell)!).add(m.payeeId);
  }
  const support = (m: Match) => buyersAt.get(`${m.payerId}\u0000${m.merchantId}`)!.size;
  const better = (a: Match, b: Match) =>
    Number(!!b.review) - Number(!!a.review) ||
    support(b) - support(a) ||
    b.placedAt - a.placedAt ||
    a.orderId.localeCompare(b.orderId);
  const payments = [...byPayment.values()].sort(
    (a, b) => a[0].paidAt - b[0].paidAt || a[0].paymentId.localeCompare(b[0].paymentId),
  );
  const claimed = new Set<string>();
  return payments.map((candidates) => {
    const ranked = [...candidates].sort(better);
    const chosen = ranked.find((m) => !claimed.has(m.orderId)) ?? ranked[0];
    claimed.add(chosen.orderId);
    return chosen;
  });
}

async function detect(db: Database, p: CashbackParameters, scope?: Scope): Promise<DetectedRing[]> {
  const payers = await candidatePayers(db, p, scope);
  const params = {
    maxLagSeconds: p.maxLagHours * 3600,
    minCommission: p.minCommission,
    maxCommission: p.maxCommission,
    maxCommissionRate: p.maxCommissionRate,
    minRating: p.minRating,
  };
  const matches = bestMatches(
    await inChunks(payers, PAYER_CHUNK, async (chunk) =>
      rows<Match>(await db.read('detection/cashback-matches', { ...params, payerIds: chunk })),
    ),
  );

  // Cells: a payer paying back at least minPayees distinct buyers of one shop.
  const cells = new Map<string, Match[]>();
  for (const m of matches) {
    const key = `${m.payerId}\u0000${m.merchantId}`;
    (cells.get(key) ?? cells.set(key, []).get(key)!).push(m);
  }
  const cashback = [...cells.values()].filter((c) => new Set(c.map((m) => m.payeeId)).size >= p.minPayees).flat();
  if (cashback.length === 0) return [];

  // Follow the money upstream: accounts that funded a payer's payouts, hop by hop.
  const outflow = new Map<string, Outflow>();
  for (const m of cashback) widen(outflow, m.payerId, m.amount, m.paidAt);
  const fundings: Funding[] = [];
  const payees = new Set(cashback.map((m) => m.payeeId));
  let frontier = [...outflow.keys()];
  const visited = new Set(frontier);
  for (let hop = 0; hop < p.maxFundingHops && frontier.length > 0; hop++) {
    const received = await inChunks(frontier, PAYER_CHUNK, async (chunk) =>
      rows<Transfer>(await db.read('detection/payments-received', { accountIds: chunk })),
    );
    const next: string[] = [];
    const byPair = new Map<string, Transfer[]>();
    for (const t of received) {
      const out = outflow.get(t.payeeId)!;
      if (t.paidAt < out.first - p.fundingLeadHours * 3600 || t.paidAt > out.last) continue;
      if (payees.has(t.payerId)) continue; // a reviewer paying back is not a funder
      const key = `${t.payerId}\u0000${t.payeeId}`;
      (byPair.get(key) ?? byPair.set(key, []).get(key)!).push(t);
    }
    for (const payments of byPair.values()) {
      const { payerId: funderId, payeeId: fundedId } = payments[0];
      const total = payments.reduce((s, t) => s + t.amount, 0);
      if (total < p.fundingMinShare * outflow.get(fundedId)!.total) continue;
      fundings.push({ funderId, fundedId, payments, total });
      for (const t of payments) widen(outflow, funderId, t.amount, t.paidAt);
      if (!visited.has(funderId)) {
        visited.add(funderId);
        next.push(funderId);
      }
    }
    frontier = next;
  }

  const edges: [string, string][] = [
    ...cashback.map((m) => [m.payerId, m.payeeId] as [string, string]),
    ...fundings.map((f) => [f.funderId, f.fundedId] as [string, string]),
  ];
  let rings = componentsOf(edges).map((group) => ringOf(group, cashback, fundings, p));
  rings = rings.filter((r) => r.score >= p.minScore);
  if (hasScope(scope)) {
    const seeds = new Set(await scopeSeedAccounts(db, scope));
    rings = rings.filter((r) => r.members.some((m) => seeds.has(m.accountId)));
  }
  return rings;
}

function widen(outflow: Map<string, Outflow>, account: string, amount: number, at: number): void {
  const o = outflow.get(account);
  if (!o) outflow.set(account, { total: amount, first: at, last: at });
  else {
    o.total += amount;
    o.first = Math.min(o.first, at);
    o.last = Math.max(o.last, at);
  }
}

function ringOf(group: string[], cashback: Match[], fundings: Funding[], p: CashbackParameters): DetectedRing {
  const inGroup = new Set(group);
  const paid = cashback.filter((m) => inGroup.has(m.payerId));
  const funds = fundings.filter((f) => inGroup.has(f.fundedId));
  const payers = new Set(paid.map((m) => m.payerId));
  const funded = new Set(funds.map((f) => f.fundedId));
  const funders = new Set(funds.map((f) => f.funderId));
  const payeeIds = new Set(paid.map((m) => m.payeeId));
  const owners = new Map<string, string[]>();
  for (const m of paid) if (m.ownerId) owners.set(m.ownerId, sorted([...(owners.get(m.ownerId) ?? []), m.merchantId]));

  const roleOf = (a: string): string => {
    if (payers.has(a) || funders.has(a)) return funded.has(a) ? 'intermediary' : 'organiser';
    return 'member';
  };
  const members: DetectedMember[] = sorted(group).map((a) => {
    const evidence: string[] = [];
    const role = roleOf(a);
    for (const shop of owners.get(a) ?? []) evidence.push(`owns shop ${shop}`);
    const received = paid.filter((m) => m.payeeId === a);
    for (const m of received) {
      const after = m.review
        ? `${hours(m.paidAt - m.review.at)} after ${m.review.rating}-star review ${m.review.id}`
        : `${hours(m.paidAt - m.placedAt)} after the order`;
      evidence.push(
        `paid ${money(m.amount)} by ${m.payerId} (payment ${m.paymentId}, ${when(m.paidAt)}) ${after}; ` +
          `order ${m.orderId} of ${m.productId} (shop ${m.merchantId}) was ${money(m.orderAmount)} on ${when(m.placedAt)}, ` +
          `commission ${money(m.amount - m.orderAmount)}`,
      );
    }
    const sent = paid.filter((m) => m.payerId === a);
    if (sent.length > 0) {
      const shops = sorted(sent.map((m) => m.merchantId));
      const excess = sent.map((m) => (m.amount - m.orderAmount) / m.orderAmount);
      evidence.push(
        `paid back ${new Set(sent.map((m) => m.payeeId)).size} buyers of shop${shops.length > 1 ? 's' : ''} ${shops.join(', ')} ` +
          `${(Math.min(...excess) * 100).toFixed(0)}-${(Math.max(...excess) * 100).toFixed(0)}% above their orders ` +
          `(payments ${capped(sorted(sent.map((m) => m.paymentId)), 8).join(', ')})`,
      );
    }
    for (const f of funds.filter((x) => x.funderId === a))
      evidence.push(
        `sent ${money(f.total)} to ${f.fundedId} in ${f.payments.length} payment${f.payments.length > 1 ? 's' : ''} ` +
          `(${capped(
            f.payments.map((t) => `${t.paymentId} ${when(t.paidAt)}`),
            5,
          ).join(', ')}) while ${f.fundedId} paid cashback`,
      );
    for (const f of funds.filter((x) => x.fundedId === a))
      evidence.push(
        `received ${money(f.total)} from ${f.funderId} (${capped(
          f.payments.map((t) => t.paymentId),
          5,
        ).join(', ')})`,
      );
    const reviewed = received.filter((m) => m.review).length;
    const memberScore =
      role === 'member'
        ? 0.6 +
          0.25 * (received.length > 0 ? reviewed / received.length : 0) +
          0.15 * clamp01((received.length - 1) / 2)
        : 0.7 +
          0.3 *
            clamp01(
              new Set(sent.map((m) => m.payeeId)).size / (2 * p.minPayees) +
                (funds.some((f) => f.funderId === a) ? 0.5 : 0),
            );
    return { accountId: a, score: score(memberScore), evidence, role };
  });

  const reviewShare = paid.filter((m) => m.review).length / paid.length;
  const sizeTerm = clamp01(payeeIds.size / (2 * p.minPayees));
  const ringScore = score(0.35 + 0.3 * sizeTerm + 0.25 * reviewShare + (funds.length > 0 ? 0.1 : 0));
  const merchants = sorted(paid.map((m) => m.merchantId));
  const times = [
    ...paid.flatMap((m) => [m.placedAt, m.paidAt]),
    ...funds.flatMap((f) => f.payments.map((t) => t.paidAt)),
  ];
  const lags = paid.map((m) => m.paidAt - m.placedAt);
  const organisers = members.filter((m) => m.role === 'organiser').map((m) => m.accountId);
  const intermediaries = members.filter((m) => m.role === 'intermediary').map((m) => m.accountId);
  const owning = organisers.filter((o) => owners.has(o));
  return {
    kind: 'CASHBACK',
    score: ringScore,
    members,
    devices: [],
    payments: sorted([...paid.map((m) => m.paymentId), ...funds.flatMap((f) => f.payments.map((t) => t.paymentId))]),
    products: sorted(paid.map((m) => m.productId)),
    orders: sorted(paid.map((m) => m.orderId)),
    reviews: sorted(paid.flatMap((m) => (m.review ? [m.review.id] : []))),
    merchants,
    firstActivity: dateOf(Math.min(...times)),
    lastActivity: dateOf(Math.max(...times)),
    signals: ['CASHBACK'],
    explanation:
      `${capped(organisers, 3).join(', ')}${owning.length ? ` (owner of ${owning.map((o) => owners.get(o)!.join(', ')).join(', ')})` : ''} ` +
      `paid back ${payeeIds.size} buyers of shop${merchants.length > 1 ? 's' : ''} ${capped(merchants, 3).join(', ')} ` +
      `the order amount plus a commission ${hours(Math.min(...lags))} to ${hours(Math.max(...lags))} after their orders` +
      (intermediaries.length ? `, routing the money through ${capped(intermediaries, 3).join(', ')}` : '') +
      `; ${Math.round(reviewShare * 100)}% of the paid-back orders had a ${p.minRating}-star review before the payment.`,
  };
}

export const cashbackDetector: Detector<CashbackParameters> = {
  kind: 'CASHBACK',
  name: 'cashback',
  defaults,
  parameters: {
    maxLagHours: {
      description: "Longest time from a payee's order to the payment that pays it back",
      unit: 'hours',
      type: 'Float',
      max: 2160,
    },
    minCommission: {
      description: 'Smallest amount above the order amount (refunds never exceed it)',
      unit: 'currency',
      max: 10000,
    },
    maxCommission: {
      description: 'Fixed part of the largest commission above the order amount',
      unit: 'currency',
      type: 'Float',
      max: 10000,
    },
    maxCommissionRate: {
      description: 'Proportional part of the largest commission',
      unit: 'share of order amount',
      max: 10,
    },
    minPayees: {
      description: 'Distinct buyers of one shop a payer must pay back to form a ring',
      unit: 'accounts',
      max: 1000,
    },
    minRating: SHARED_PARAMETER_DOCS.minRating,
    maxFundingHops: { description: 'Payment hops followed upstream from a payer to its funders', unit: 'hops', max: 6 },
    fundingLeadHours: {
      description: 'How long before its first payout a payer may be funded',
      unit: 'hours',
      type: 'Float',
      max: 2160,
    },
    fundingMinShare: { description: 'Share of the payouts a funder must have covered', unit: 'share 0..1' },
    minScore: SHARED_PARAMETER_DOCS.minScore,
  },
  detect,
};
