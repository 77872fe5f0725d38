// Cashback ("red envelope") rings: a paying entity (one account, or accounts funded by one organiser or shop) paying
// a shop's buyers back their orders plus a commission, for boosting reviews. Tested against a null model: would this
// many of the entity's payees have bought at the shop, and would their reimbursed orders have been 5-starred this often?
import { Database } from '../db/database';
import { rows } from '../db/values';
import { BaseRates, MIN_SHOP_EVENTS, readBaseRates } from './base-rates';
import {
  candidateReimbursements,
  chooseReimbursements,
  isBoosted,
  MatchRules,
  PayeeOrder,
  Payment,
  Reimbursement,
} from './cashback-matching';
import { judge, logBinomialTail, logFisher, logPoissonTail, pText, Significance } from './null-model';
import {
  capped,
  componentsOf,
  dateOf,
  hasScope,
  hours,
  inChunks,
  mapPaced,
  money,
  scopeSeedAccounts,
  score,
  SHARED_PARAMETER_DOCS,
  sorted,
  when,
} from './support';
import { DetectedMember, DetectedRing, Detector, Scope } from './types';

export interface CashbackParameters extends MatchRules {
  /** Distinct buyers of one shop a paying entity must reimburse before it is tested: one is a private deal. */
  minPayees: number;
  /** Hops followed upstream from a paying account to the accounts that fund it (organisers behind intermediaries). */
  maxFundingHops: number;
  /** How long before its first payout an account may be funded for the funding to count. */
  fundingLeadHours: number;
  /** A funder must have sent at least this share of what the funded account paid out. */
  fundingMinShare: number;
  /** Level the boosting-review test must reach on its own, whatever the payees show. */
  purposeLevel: number;
  /** Rings scoring below this are dropped (0.5: significant after the Bonferroni correction). */
  minScore: number;
}

const defaults: CashbackParameters = {
  maxLagHours: 45 * 24,
  advanceLeadHours: 72,
  advanceShortfall: 0.05,
  minCommission: 0.01,
  maxCommission: 20,
  maxCommissionRate: 0.2,
  settlementHours: 8 * 24,
  maxPaymentParts: 3,
  maxOrdersPerPayment: 10,
  minRating: 5,
  minPayees: 2,
  maxFundingHops: 3,
  fundingLeadHours: 14 * 24,
  fundingMinShare: 0.5,
  purposeLevel: 0.05,
  minScore: 0.5,
};

const PAYEE_CHUNK = 5000;
/** Domain fact (issue 7, organisers' rotating payers): each payer pays back only one or two buyers. */
const ROTATING_PAYEES = 2;

interface Payee {
  payeeId: string;
  /** Every order the account ever placed: its own activity in the null model. */
  orderCount: number;
  /** Its orders a payment could reimburse. */
  orders: PayeeOrder[];
}

interface Funding {
  funderId: string;
  fundedId: string;
  payments: Payment[];
  total: number;
}

/** A paying entity at one shop, as plain numbers: what the null model tests. */
export interface CellProfile {
  /** Distinct buyers of the shop the entity reimbursed. */
  payees: number;
  /** Expected number of the entity's payees that bought at the shop at all, from each payee's own order count and the shop's share of orders. */
  expectedPayees: number;
  /** Orders the entity reimbursed at the shop. */
  orders: number;
  /** Of those, orders the buyer gave a boosting review. */
  boosted: number;
  /** The platform's boosting reviews per order (median over shops), or the shop's other buyers' if higher (pooled). */
  boostRate: number;
  /**
   * The cell pools payers that each paid back one buyer of the shop (rotating payers): the payee test has no meaning
   * for a set chosen by whom it paid, so the purpose test alone decides.
   */
  pooled?: boolean;
  /** A pooled cell's payee left out of its test (orders and boosted count the others only). */
  leftOut?: string;
}

export interface CellScore {
  /** ln P(this many payees bought at the shop | each payee's own activity, the shop's popularity). */
  logPayees: number;
  /** ln P(this many boosting reviews among the reimbursed orders | the platform's rate). */
  logBoost: number;
  /** The purpose test on its own is below the purpose level: refunds (returns, shipping) are paid for no good review. */
  purposeShown: boolean;
  /** Fisher's combination of both. */
  logP: number;
  significance: Significance;
}

/**
 * The score from the profile. Both tests must speak: a shop refunding returns pays many of its own buyers (the payee
 * test alone would flag it) for no good review, and a group-buy leader's friends pay one buyer whatever she rates.
 */
export function scoreCell(profile: CellProfile, tests: number, purposeLevel = defaults.purposeLevel): CellScore {
  const logPayees = profile.pooled ? 0 : logPoissonTail(profile.payees, profile.expectedPayees);
  const logBoost = logBinomialTail(profile.boosted, profile.orders, profile.boostRate);
  const purposeShown = logBoost <= Math.log(purposeLevel);
  const logP = profile.pooled ? logBoost : logFisher([logPayees, logBoost]);
  const significance = judge(purposeShown ? logP : 0, tests);
  return { logPayees, logBoost, purposeShown, logP, significance };
}

/** Chance that an account with `orderCount` orders bought at least once at a shop holding `share` of all orders. */
export function buyerChance(orderCount: number, share: number): number {
  return -Math.expm1(Math.max(1, orderCount) * Math.log1p(-Math.min(share, 1 - 1e-12)));
}

async function readPayments(db: Database, params: CashbackParameters, scope?: Scope): Promise<Payment[]> {
  if (!hasScope(scope)) return rows<Payment>(await db.read('detection/cashback-payments'));
  // Around the scope: along the money both ways, far enough to reach an organiser behind intermediaries and its payees.
  const seen = new Set(await scopeSeedAccounts(db, scope));
  const payments = new Map<string, Payment>();
  let frontier = [...seen];
  for (let hop = 0; hop <= params.maxFundingHops + 1 && frontier.length > 0; hop++) {
    const found = await inChunks(frontier, PAYEE_CHUNK, async (chunk) =>
      rows<Payment>(await db.read('detection/cashback-payments-around', { accountIds: chunk })),
    );
    frontier = [];
    for (const pay of found) {
      payments.set(pay.paymentId, pay);
      for (const a of [pay.payerId, pay.payeeId])
        if (!seen.has(a)) {
          seen.add(a);
          frontier.push(a);
        }
    }
  }
  return [...payments.values()];
}

async function readPayees(db: Database, payments: Payment[], params: CashbackParameters): Promise<Map<string, Payee>> {
  const windows = new Map<string, { id: string; from: number; to: number; maxAmount: number }>();
  for (const pay of payments) {
    const w = windows.get(pay.payeeId);
    if (!w) windows.set(pay.payeeId, { id: pay.payeeId, from: pay.paidAt, to: pay.paidAt, maxAmount: pay.amount });
    else {
      w.from = Math.min(w.from, pay.paidAt);
      w.to = Math.max(w.to, pay.paidAt);
      w.maxAmount += pay.amount;
    }
  }
  const settlement = params.settlementHours * 3600;
  const query = [...windows.values()].map((w) => ({
    id: w.id,
    from: Math.floor(w.from - params.maxLagHours * 3600 - settlement),
    to: Math.ceil(w.to + params.advanceLeadHours * 3600 + settlement),
    maxAmount: w.maxAmount * (1 + params.advanceShortfall) + 0.01,
  }));
  const found = await inChunks(query, PAYEE_CHUNK, async (chunk) =>
    rows<Payee>(await db.read('detection/cashback-payee-orders', { payees: chunk })),
  );
  return new Map(found.map((p) => [p.payeeId, p]));
}

function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    (out.get(k) ?? out.set(k, []).get(k)!).push(item);
  }
  return out;
}

/** What the accounts of one paying entity reimbursed, buyer by buyer (transfers inside the entity are no payouts). */
async function reimbursementsOf(
  db: Database,
  accounts: Set<string>,
  sentBy: Map<string, Payment[]>,
  payees: Map<string, Payee>,
  params: CashbackParameters,
): Promise<Reimbursement[]> {
  const outgoing = [...accounts].flatMap((a) => sentBy.get(a) ?? []).filter((pay) => !accounts.has(pay.payeeId));
  const byPayee = [...groupBy(outgoing, (pay) => pay.payeeId)];
  // Payee by payee, paced: an organiser of thousands of buyers is matched without holding the event loop.
  const candidates = await mapPaced(db, byPayee, ([payeeId, pays]) =>
    candidateReimbursements(pays, payees.get(payeeId)?.orders ?? [], params),
  );
  const buyersAt = new Map<string, Set<string>>();
  for (const list of candidates)
    for (const r of list)
      (buyersAt.get(r.merchantId) ?? buyersAt.set(r.merchantId, new Set()).get(r.merchantId)!).add(r.payeeId);
  const support = (merchantId: string) => buyersAt.get(merchantId)?.size ?? 0;
  const chosen = await mapPaced(db, candidates, (list, i) =>
    chooseReimbursements(list, support, params, byPayee[i][1]),
  );
  return chosen.flat();
}

/** Follows the money upstream: accounts that funded a payer's payouts, hop by hop. */
function fundingsOf(paid: Reimbursement[], receivedBy: Map<string, Payment[]>, params: CashbackParameters): Funding[] {
  const outflow = new Map<string, { total: number; first: number; last: number }>();
  const widen = (account: string, amount: number, at: number): void => {
    const o = outflow.get(account);
    if (!o) outflow.set(account, { total: amount, first: at, last: at });
    else {
      o.total += amount;
      o.first = Math.min(o.first, at);
      o.last = Math.max(o.last, at);
    }
  };
  for (const r of paid) for (const pay of r.payments) widen(pay.payerId, pay.amount, pay.paidAt);
  const reimbursed = new Set(paid.map((r) => r.payeeId));
  const fundings: Funding[] = [];
  let frontier = [...outflow.keys()];
  const visited = new Set(frontier);
  for (let hop = 0; hop < params.maxFundingHops && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const fundedId of frontier) {
      const out = outflow.get(fundedId)!;
      const inflow = (receivedBy.get(fundedId) ?? []).filter(
        (t) =>
          t.paidAt >= out.first - params.fundingLeadHours * 3600 && t.paidAt <= out.last && !reimbursed.has(t.payerId), // a reviewer paying back is not a funder
      );
      for (const [funderId, payments] of groupBy(inflow, (t) => t.payerId)) {
        const sum = payments.reduce((s, t) => s + t.amount, 0);
        if (sum < params.fundingMinShare * out.total) continue;
        fundings.push({ funderId, fundedId, payments, total: sum });
        if (!visited.has(funderId)) {
          visited.add(funderId);
          next.push(funderId);
        }
      }
    }
    // A funder's outflow is what it sent to the accounts it funded: its own funders must have covered that.
    const fresh = new Set(next);
    for (const f of fundings.filter((x) => fresh.has(x.funderId)))
      for (const t of f.payments) widen(f.funderId, t.amount, t.paidAt);
    frontier = next;
  }
  return fundings;
}

interface Cell {
  merchantId: string;
  paid: Reimbursement[];
  profile: CellProfile;
}

interface Entity {
  accounts: Set<string>;
  paid: Reimbursement[];
  fundings: Funding[];
  cells: Cell[];
  /** Lone payers of one shop pooled (rotating payers), not one paying entity. */
  pooled?: boolean;
}

/**
 * Rotating payers: an organiser hands the paying-back to many accounts, each paying one buyer or two, so that no
 * payer has the payees to be tested. Pooled by shop, the lone payers' reimbursements are one cell, judged by the
 * purpose test alone: under the null a payment shaped like a reimbursement (the order amount and a commission) has
 * nothing to do with the rating, so the reimbursed orders are 5-starred at the rate of the shop's other orders (the
 * platform's when higher, or when the shop has too few others). Friends settling a bill that happened to match an
 * order, a group-buy leader's helpers, refunds of returns rate as they like.
 */
function pooledEntities(
  scattered: Cell[],
  entities: Entity[],
  rates: BaseRates,
  boostRate: number,
  params: CashbackParameters,
): Entity[] {
  // Every order some entity paid back, shop by shop: the shop's other orders are the ones nobody paid back (the same
  // ring's funded payers are not the shop's other buyers).
  const reimbursed = new Map<string, Map<string, PayeeOrder>>();
  for (const r of [...entities.flatMap((e) => e.paid), ...scattered.flatMap((c) => c.paid)])
    for (const o of r.orders)
      (reimbursed.get(o.merchantId) ?? reimbursed.set(o.merchantId, new Map()).get(o.merchantId)!).set(o.orderId, o);
  return [...groupBy(scattered, (c) => c.merchantId)].flatMap(([merchantId, cells]) =>
    campaigns(
      cells.flatMap((c) => c.paid),
      params.maxLagHours * 3600,
    ).flatMap((paid) => pooledEntity(merchantId, paid, reimbursed, rates, boostRate, params)),
  );
}

/**
 * A shop's lone-payer reimbursements split where nothing was ordered for longer than the longest payment lag: one
 * organiser's campaign runs without such a gap, and a friend paying back a purchase months before is no part of it.
 */
function campaigns(paid: Reimbursement[], gapSeconds: number): Reimbursement[][] {
  const first = (r: Reimbursement) => Math.min(...r.orders.map((o) => o.placedAt));
  const out: Reimbursement[][] = [];
  let last = -Infinity;
  for (const r of [...paid].sort((a, b) => first(a) - first(b))) {
    if (first(r) - last > gapSeconds) out.push([]);
    out[out.length - 1].push(r);
    last = Math.max(last, ...r.orders.map((o) => o.placedAt));
  }
  return out;
}

function pooledEntity(
  merchantId: string,
  paid: Reimbursement[],
  reimbursed: Map<string, Map<string, PayeeOrder>>,
  rates: BaseRates,
  boostRate: number,
  params: CashbackParameters,
): Entity[] {
  const payees = new Set(paid.map((r) => r.payeeId)).size;
  if (payees < params.minPayees) return [];
  // The test leaves out the payee with the most boosted orders (as the cohort test does): one buyer paid by many
  // (a group-buy leader by the neighbours she orders for) rates as she likes, and must not decide it alone.
  const boostedOf = new Map<string, number>();
  for (const r of paid)
    boostedOf.set(
      r.payeeId,
      (boostedOf.get(r.payeeId) ?? 0) + r.orders.filter((o) => isBoosted(o, params.minRating)).length,
    );
  const leftOut = sorted([...boostedOf.keys()]).reduce((a, b) => (boostedOf.get(b)! > boostedOf.get(a)! ? b : a));
  const orders = paid.filter((r) => r.payeeId !== leftOut).flatMap((r) => r.orders);
  const boosted = orders.filter((o) => isBoosted(o, params.minRating)).length;
  const shop = rates.shops.get(merchantId);
  const paidBack = [...(reimbursed.get(merchantId)?.values() ?? [])];
  const others = shop ? shop.orders - paidBack.length : 0;
  const othersBoosted = shop ? shop.boosting - paidBack.filter((o) => isBoosted(o, params.minRating)).length : 0;
  const shopRate = others >= MIN_SHOP_EVENTS ? (Math.max(0, othersBoosted) + 1) / (others + 2) : 0;
  const profile: CellProfile = {
    payees,
    expectedPayees: 0,
    orders: orders.length,
    boosted,
    boostRate: Math.max(boostRate, shopRate),
    pooled: true,
    leftOut,
  };
  const accounts = new Set(paid.flatMap((r) => r.payments.map((p) => p.payerId)));
  return [{ accounts, paid, fundings: [], cells: [{ merchantId, paid, profile }], pooled: true }];
}

async function detect(db: Database, params: CashbackParameters, scope?: Scope): Promise<DetectedRing[]> {
  const payments = await readPayments(db, params, scope);
  if (payments.length === 0) return [];
  const [payees, rates] = await Promise.all([readPayees(db, payments, params), readBaseRates(db, params.minRating, 1)]);
  const shopShare = new Map([...rates.shops.values()].map((s) => [s.merchantId, s.orders / Math.max(1, rates.orders)]));
  const boostRate = Math.max(rates.boostPerOrder, 1 / Math.max(1, rates.orders));

  const sentBy = groupBy(payments, (pay) => pay.payerId);
  const receivedBy = groupBy(payments, (pay) => pay.payeeId);

  // First each paying account on its own; then accounts funded from one source are one entity, matched as one.
  const single = new Map<string, Reimbursement[]>();
  for (const payer of sentBy.keys()) {
    const paid = await reimbursementsOf(db, new Set([payer]), sentBy, payees, params);
    if (paid.length > 0) single.set(payer, paid);
  }
  const fundings = fundingsOf([...single.values()].flat(), receivedBy, params);
  const linked = componentsOf(fundings.map((f) => [f.funderId, f.fundedId] as const));
  const inLinked = new Set(linked.flat());
  const groups = [...linked, ...[...single.keys()].filter((a) => !inLinked.has(a)).map((a) => [a])];

  // Cells of lone payers with too few payees to test on their own, pooled shop by shop below.
  const scattered: Cell[] = [];
  const entities: Entity[] = await mapPaced(db, groups, async (group) => {
    const accounts = new Set(group);
    const paid =
      group.length === 1 ? (single.get(group[0]) ?? []) : await reimbursementsOf(db, accounts, sentBy, payees, params);
    const paidTo = new Set(
      group.flatMap((a) => (sentBy.get(a) ?? []).map((pay) => pay.payeeId)).filter((b) => !accounts.has(b)),
    );
    const cells = [...groupBy(paid, (r) => r.merchantId)].map(([merchantId, list]) => {
      const share = shopShare.get(merchantId) ?? 0;
      const orders = list.flatMap((r) => r.orders);
      const profile: CellProfile = {
        payees: new Set(list.map((r) => r.payeeId)).size,
        expectedPayees: [...paidTo].reduce((s, b) => s + buyerChance(payees.get(b)?.orderCount ?? 0, share), 0),
        orders: orders.length,
        boosted: orders.filter((o) => isBoosted(o, params.minRating)).length,
        boostRate,
      };
      return { merchantId, paid: list, profile };
    });
    // A lone payer paying back one or two buyers of a shop is a rotating payer's shape: tested with the shop's other
    // such payers, not alone (alone it can never reach significance).
    const lone = (c: Cell) => group.length === 1 && c.profile.payees <= ROTATING_PAYEES;
    scattered.push(...cells.filter(lone));
    return {
      accounts,
      paid,
      fundings: fundings.filter((f) => accounts.has(f.funderId) && accounts.has(f.fundedId)),
      cells: cells.filter((c) => c.profile.payees >= params.minPayees && !lone(c)),
    };
  });
  entities.push(...pooledEntities(scattered, entities, rates, boostRate, params));

  // Bonferroni over every (paying entity, shop) tested.
  const tests = entities.reduce((s, e) => s + e.cells.length, 0);
  let rings = (
    await mapPaced(db, entities, (e) => {
      const judged = e.cells
        .map((cell) => ({ cell, result: scoreCell(cell.profile, tests, params.purposeLevel) }))
        .filter((x) => x.result.significance.significant);
      return judged.length > 0 ? [ringOf(e, judged, { boostRate, tests }, params)] : [];
    })
  ).flat();
  rings = rings.filter((r) => r.score >= params.minScore);
  if (hasScope(scope)) {
    const seeds = new Set(await scopeSeedAccounts(db, scope));
    rings = rings.filter((r) => r.members.some((m) => seeds.has(m.accountId)));
  }
  return rings;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function reviewText(o: PayeeOrder): string {
  return o.review ? `${o.review.rating}-star review ${o.review.id}` : 'no review';
}

/** One reimbursement as a checkable sentence, in the shape it took. */
export function describeReimbursement(r: Reimbursement): string {
  const payers = sorted(r.payments.map((p) => p.payerId)).join(', ');
  const shop = `shop ${r.merchantId}`;
  const paymentList = r.payments.map((p) => `${p.paymentId} ${when(p.paidAt)}`).join(', ');
  const commission = r.excess >= 0 ? `plus ${money(r.excess)} commission` : `less ${money(-r.excess)}`;
  if (r.payments.length === 1 && r.orders.length === 1) {
    const [pay] = r.payments;
    const [o] = r.orders;
    if (r.advance)
      return (
        `paid ${money(pay.amount)} by ${pay.payerId} (payment ${pay.paymentId}, ${when(pay.paidAt)}) ` +
        `${hours(o.placedAt - pay.paidAt)} before order ${o.orderId} of ${o.productId} (${shop}), ${money(o.amount)} on ` +
        `${when(o.placedAt)}: the principal advanced, ${commission}; ${reviewText(o)}`
      );
    const after =
      o.review && o.review.at <= pay.paidAt
        ? `${hours(pay.paidAt - o.review.at)} after ${reviewText(o)}`
        : `${hours(pay.paidAt - o.placedAt)} after the order (${reviewText(o)})`;
    return (
      `paid ${money(pay.amount)} by ${pay.payerId} (payment ${pay.paymentId}, ${when(pay.paidAt)}) ${after}; ` +
      `order ${o.orderId} of ${o.productId} (${shop}) was ${money(o.amount)} on ${when(o.placedAt)}, ${commission}`
    );
  }
  const orders = r.orders.map((o) => o.orderId).join(', ');
  const due = money(r.orders.reduce((s, o) => s + o.amount, 0));
  const reviews = r.orders.map(reviewText).join(', ');
  const what =
    r.payments.length === 1
      ? `a payment of ${money(r.payments[0].amount)} from ${payers}`
      : `${r.payments.length} payments ${r.payments.map((p) => money(p.amount)).join(' and ')} from ${payers}`;
  const ordersText = r.orders.length === 1 ? `order ${orders} (${due})` : `orders ${orders} (${due})`;
  return (
    `${what} (${paymentList}) cover ${ordersText} at ${shop} ${commission}` +
    `${r.advance ? ', the first paid before the order' : ''}; ${reviews}`
  );
}

function ringOf(
  entity: Entity,
  judged: { cell: Cell; result: CellScore }[],
  { boostRate, tests }: { boostRate: number; tests: number },
  params: CashbackParameters,
): DetectedRing {
  // Members are the buyers reimbursed for a boosting review: a refund the same entity paid at the shop (a return, a
  // bad review or none) is tested with the rest but shows no brushing by its buyer.
  const boostedPayees = new Set(judged.flatMap((x) => x.cell.paid.filter((r) => r.boosted > 0).map((r) => r.payeeId)));
  const paid = judged.flatMap((x) => x.cell.paid.filter((r) => boostedPayees.has(r.payeeId)));
  const payerIds = new Set(paid.flatMap((r) => r.payments.map((p) => p.payerId)));
  // Upstream of the paying accounts: the funding that reached them, hop by hop.
  const funds: Funding[] = [];
  const reached = new Set(payerIds);
  for (let grew = true; grew;) {
    grew = false;
    for (const f of entity.fundings)
      if (reached.has(f.fundedId) && !funds.includes(f)) {
        funds.push(f);
        reached.add(f.funderId);
        grew = true;
      }
  }
  const funded = new Set(funds.map((f) => f.fundedId));
  const payeeIds = new Set(paid.map((r) => r.payeeId));
  const owners = new Map<string, string[]>();
  for (const o of paid.flatMap((r) => r.orders))
    if (o.ownerId) owners.set(o.ownerId, sorted([...(owners.get(o.ownerId) ?? []), o.merchantId]));
  const best = judged.reduce((a, b) => (b.result.logP < a.result.logP ? b : a));
  const ringScore = score(best.result.significance.score);

  // Pooled lone payers pass an organiser's money on to the buyers: intermediaries, whoever funded them off the data.
  const roleOf = (a: string): string =>
    payeeIds.has(a) && !reached.has(a) ? 'member' : funded.has(a) || entity.pooled ? 'intermediary' : 'organiser';
  const accounts = sorted([...payeeIds, ...reached]);
  const members: DetectedMember[] = accounts.map((a) => {
    const role = roleOf(a);
    const evidence: string[] = [];
    for (const shop of owners.get(a) ?? []) evidence.push(`owns shop ${shop}`);
    const received = paid.filter((r) => r.payeeId === a);
    for (const r of received) evidence.push(describeReimbursement(r));
    const sent = paid.filter((r) => r.payments.some((p) => p.payerId === a));
    if (sent.length > 0) {
      const shops = sorted(sent.map((r) => r.merchantId));
      const rate = sent.map((r) => r.excess / r.orders.reduce((s, o) => s + o.amount, 0));
      const ids = sorted(sent.flatMap((r) => r.payments.filter((p) => p.payerId === a).map((p) => p.paymentId)));
      evidence.push(
        `paid back ${plural(new Set(sent.map((r) => r.payeeId)).size, 'buyer')} of shop${shops.length > 1 ? 's' : ''} ` +
          `${shops.join(', ')} ${(Math.min(...rate) * 100).toFixed(0)}-${(Math.max(...rate) * 100).toFixed(0)}% ` +
          `above their orders (payments ${capped(ids, 8).join(', ')})`,
      );
    }
    for (const f of funds.filter((x) => x.funderId === a))
      evidence.push(
        `sent ${money(f.total)} to ${f.fundedId} in ${plural(f.payments.length, 'payment')} ` +
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
    const orders = received.flatMap((r) => r.orders);
    const boostedShare = orders.length
      ? orders.filter((o) => isBoosted(o, params.minRating)).length / orders.length
      : 1;
    return { accountId: a, score: score(ringScore * (0.6 + 0.4 * boostedShare)), evidence, role };
  });

  const merchants = sorted(judged.map((x) => x.cell.merchantId));
  const times = [
    ...paid.flatMap((r) => [...r.orders.map((o) => o.placedAt), ...r.payments.map((p) => p.paidAt)]),
    ...funds.flatMap((f) => f.payments.map((t) => t.paidAt)),
  ];
  const lags = paid.map((r) => r.payments[r.payments.length - 1].paidAt - r.orders[r.orders.length - 1].placedAt);
  const organisers = members.filter((m) => m.role === 'organiser').map((m) => m.accountId);
  const intermediaries = members.filter((m) => m.role === 'intermediary').map((m) => m.accountId);
  const owning = organisers.filter((o) => owners.has(o));
  const lagText = (s: number) => (s < 0 ? `${hours(-s)} before` : `${hours(s)} after`);
  const testsText = judged
    .map(({ cell, result }) => {
      const p = cell.profile;
      if (p.pooled)
        return (
          `at shop ${cell.merchantId}, ${plural(entity.accounts.size, 'account')} each paid back one or two of ` +
          `${plural(p.payees, 'buyer')}; leaving out ${p.leftOut}, whose orders count most, ${p.boosted} of the ` +
          `${plural(p.orders, 'reimbursed order')} got a ` +
          `${params.minRating}-star review where ${(p.boostRate * 100).toFixed(0)}% of the shop's other orders and the ` +
          `platform's do (${pText(result.logBoost)}), significant among ${tests} (paying entity, shop) pairs tested`
        );
      return (
        `at shop ${cell.merchantId}, ${p.boosted} of the ${plural(p.orders, 'reimbursed order')} got a ${params.minRating}-star ` +
        `review where ${(boostRate * 100).toFixed(0)}% of orders do (${pText(result.logBoost)}), and ${p.payees} of its payees ` +
        `bought there where ${p.expectedPayees.toFixed(2)} would by chance (${pText(result.logPayees)}); together ` +
        `${pText(result.logP)}, significant among ${tests} (paying entity, shop) pairs tested`
      );
    })
    .join('; ');
  return {
    kind: 'CASHBACK',
    score: ringScore,
    members,
    devices: [],
    payments: sorted([
      ...paid.flatMap((r) => r.payments.map((p) => p.paymentId)),
      ...funds.flatMap((f) => f.payments.map((t) => t.paymentId)),
    ]),
    products: sorted(paid.flatMap((r) => r.orders.map((o) => o.productId))),
    orders: sorted(paid.flatMap((r) => r.orders.map((o) => o.orderId))),
    reviews: sorted(
      paid.flatMap((r) => r.orders.flatMap((o) => (isBoosted(o, params.minRating) ? [o.review!.id] : []))),
    ),
    merchants,
    firstActivity: dateOf(Math.min(...times)),
    lastActivity: dateOf(Math.max(...times)),
    signals: ['CASHBACK'],
    explanation:
      (organisers.length
        ? `${capped(organisers, 3).join(', ')}${owning.length ? ` (owner of ${owning.map((o) => owners.get(o)!.join(', ')).join(', ')})` : ''} `
        : `${plural(intermediaries.length, 'account')} (${capped(intermediaries, 3).join(', ')}), each paying one or two, `) +
      `paid back ${plural(payeeIds.size, 'buyer')} of shop${merchants.length > 1 ? 's' : ''} ${capped(merchants, 3).join(', ')} ` +
      `the order amount plus a commission, ${lagText(Math.min(...lags))} to ${lagText(Math.max(...lags))} their orders` +
      (intermediaries.length && organisers.length
        ? `, routing the money through ${capped(intermediaries, 3).join(', ')}`
        : '') +
      `; ${testsText}.`,
  };
}

export const cashbackDetector: Detector<CashbackParameters> = {
  kind: 'CASHBACK',
  name: 'cashback',
  defaults,
  parameters: {
    maxLagHours: {
      description:
        "Longest time from a buyer's last reimbursed order to the payment: organisers wait out the confirm-receipt and " +
        'review windows (7-15 days), settle weekly, and are reported paying a month and more later',
      unit: 'hours',
      max: 2160,
      type: 'Float',
    },
    advanceLeadHours: {
      description: 'Longest time a principal is advanced before the order (垫付: the same day or a day or two before)',
      unit: 'hours',
      max: 2160,
      type: 'Float',
    },
    advanceShortfall: {
      description:
        'How far an advance may fall short of the order: it covers the listed price, the order may differ by a coupon or shipping',
      unit: 'share 0..1',
    },
    minCommission: {
      description:
        'Smallest amount above the orders that a payment after them must carry: a payment of exactly the order amount is a refund',
      unit: 'currency',
      max: 10000,
    },
    maxCommission: {
      description: 'Fixed part of the largest commission per order (reported commissions: a few to about 20 per order)',
      unit: 'currency',
      max: 10000,
      type: 'Float',
    },
    maxCommissionRate: {
      description: 'Proportional part of the largest commission (reported: up to about a fifth of the price)',
      unit: 'share of order amount',
      max: 10,
    },
    settlementHours: {
      description:
        "Longest span of one reimbursement's payments, and of the orders one payment covers: organisers settle at most weekly (a week and a day's slack)",
      unit: 'hours',
      max: 2160,
      type: 'Float',
    },
    maxPaymentParts: {
      description: 'Most payments one reimbursement is split into (principal, commission, and one correction)',
      unit: 'payments',
      max: 10,
    },
    maxOrdersPerPayment: {
      description:
        "Most of one buyer's orders at one shop one payment covers (a week of about one brushing order a day)",
      unit: 'orders',
      max: 100,
    },
    minRating: SHARED_PARAMETER_DOCS.minRating,
    minPayees: {
      description: 'Distinct buyers of one shop a paying entity must reimburse to be tested (one is a private deal)',
      unit: 'accounts',
      max: 1000,
    },
    maxFundingHops: { description: 'Payment hops followed upstream from a payer to its funders', unit: 'hops', max: 6 },
    fundingLeadHours: {
      description: 'How long before its first payout a payer may be funded',
      unit: 'hours',
      max: 2160,
      type: 'Float',
    },
    fundingMinShare: { description: 'Share of the payouts a funder must have covered', unit: 'share 0..1' },
    purposeLevel: {
      description:
        'Level (the conventional 5%) the boosting-review test must reach on its own; the ring itself must pass the ' +
        'Bonferroni-corrected family level on both tests together. A shop refunding returns pays its own buyers, for no good review',
      unit: 'p-value 0..1',
    },
    minScore: SHARED_PARAMETER_DOCS.minScore,
  },
  detect,
};
