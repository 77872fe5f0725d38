// Cashback's arithmetic: which payments from one paying entity to one buyer reimburse which of the buyer's orders,
// in the shapes organisers use (one payment per order, principal and commission apart, one weekly payment for several
// orders, the principal advanced before the order). Pure functions over plain rows, unit-tested without a database.

export interface Payment {
  paymentId: string;
  payerId: string;
  payeeId: string;
  amount: number;
  paidAt: number;
  /** Orders the payment names (payments.csv order_id); empty when it names none. */
  reimburses: string[];
}

export interface PayeeOrder {
  orderId: string;
  productId: string;
  merchantId: string;
  ownerId: string | null;
  amount: number;
  placedAt: number;
  /** The buyer's review of the order, whatever its rating. */
  review: { id: string; at: number; rating: number } | null;
}

/** The amount and time rules a reimbursement must meet: each one a stated domain fact (see the detector's docs). */
export interface MatchRules {
  maxLagHours: number;
  advanceLeadHours: number;
  advanceShortfall: number;
  minCommission: number;
  maxCommission: number;
  maxCommissionRate: number;
  settlementHours: number;
  maxPaymentParts: number;
  maxOrdersPerPayment: number;
  minRating: number;
}

/** Payments (one or a few) that together pay a buyer back for orders (one or a few) at one shop. */
export interface Reimbursement {
  payeeId: string;
  merchantId: string;
  payments: Payment[];
  orders: PayeeOrder[];
  /** Paid minus ordered: the commission (negative only for an advance a little short of the order). */
  excess: number;
  /** The first payment came before the first order: the principal was advanced (垫付). */
  advance: boolean;
  /** Orders among `orders` that got a boosting review from the buyer. */
  boosted: number;
  /** |excess| as a share of the largest commission allowed: how tightly the payments fit the orders (0 exactly). */
  looseness: number;
}

const total = (xs: { amount: number }[]): number => xs.reduce((s, x) => s + x.amount, 0);

/** Cents, so that 39.90 + 6.00 is 45.90 and never 45.8999. */
const cents = (x: number): number => Math.round(x * 100);

export function isBoosted(order: PayeeOrder, minRating: number): boolean {
  return !!order.review && order.review.rating >= minRating;
}

/**
 * Whether `payments` (in time order) reimburse `orders` (in time order, one shop): paid at least the orders' amount
 * (an advance may fall a few percent short), at most that plus a commission per order, the first payment no earlier
 * than the advance lead before the first order and the last no later than the lag after the last order. A single
 * payment after the order must exceed it: a payment of exactly the order amount is what a refund looks like.
 */
export function fits(payments: Payment[], orders: PayeeOrder[], rules: MatchRules): Reimbursement | null {
  const paid = cents(total(payments));
  const due = cents(total(orders));
  const excess = paid - due;
  const firstPaid = payments[0].paidAt;
  const advance = firstPaid < orders[0].placedAt;
  if (firstPaid < orders[0].placedAt - rules.advanceLeadHours * 3600) return null;
  if (payments[payments.length - 1].paidAt > orders[orders.length - 1].placedAt + rules.maxLagHours * 3600) return null;
  const allowance = cents(orders.length * rules.maxCommission + rules.maxCommissionRate * (due / 100));
  if (excess > allowance) return null;
  const floor = advance ? -Math.floor(rules.advanceShortfall * due) : cents(rules.minCommission);
  if (excess < floor) return null;
  const named = payments.flatMap((p) => p.reimburses);
  if (named.length > 0 && !named.every((id) => orders.some((o) => o.orderId === id))) return null;
  return {
    payeeId: payments[0].payeeId,
    merchantId: orders[0].merchantId,
    payments,
    orders,
    excess: excess / 100,
    advance,
    boosted: orders.filter((o) => isBoosted(o, rules.minRating)).length,
    looseness: allowance > 0 ? Math.round((100 * Math.abs(excess)) / allowance) / 100 : 0,
  };
}

/**
 * Every way the entity's payments to one buyer could reimburse the buyer's orders: runs of consecutive payments
 * within one settlement period against runs of consecutive orders at one shop within one settlement period.
 */
export function candidateReimbursements(payments: Payment[], orders: PayeeOrder[], rules: MatchRules): Reimbursement[] {
  const pays = [...payments].sort((a, b) => a.paidAt - b.paidAt || a.paymentId.localeCompare(b.paymentId));
  const byShop = new Map<string, PayeeOrder[]>();
  for (const o of orders) (byShop.get(o.merchantId) ?? byShop.set(o.merchantId, []).get(o.merchantId)!).push(o);
  for (const list of byShop.values())
    list.sort((a, b) => a.placedAt - b.placedAt || a.orderId.localeCompare(b.orderId));
  const settlement = rules.settlementHours * 3600;
  const out: Reimbursement[] = [];
  for (let i = 0; i < pays.length; i++) {
    for (let j = i; j < pays.length && j - i < rules.maxPaymentParts; j++) {
      if (pays[j].paidAt - pays[i].paidAt > settlement) break;
      const group = pays.slice(i, j + 1);
      const latestFirstOrder = pays[i].paidAt + rules.advanceLeadHours * 3600;
      const earliestLastOrder = pays[j].paidAt - rules.maxLagHours * 3600;
      for (const list of byShop.values()) {
        for (let k = 0; k < list.length && list[k].placedAt <= latestFirstOrder; k++) {
          for (let l = k; l < list.length && l - k < rules.maxOrdersPerPayment; l++) {
            if (list[l].placedAt - list[k].placedAt > settlement) break;
            if (list[l].placedAt < earliestLastOrder) continue;
            const match = fits(group, list.slice(k, l + 1), rules);
            if (match) out.push(match);
          }
        }
      }
    }
  }
  return out;
}

/**
 * One payment reimburses one set of orders and one order is reimbursed once: candidates are taken best first — those
 * that name their orders; then the highest share of boosted orders; then at the shop where the entity pays back the most
 * distinct buyers (`support`), so that a camouflage buy at another shop at a similar price does not take the payment;
 * then the tightest fit (a weekly payment covers the week's three orders, not two of them with a large commission);
 * then the simplest (fewest payments and orders); then the latest order. A payment left over afterwards (the
 * commission of an advanced principal) joins the reimbursement it completes, if together they still fit.
 */
export function chooseReimbursements(
  candidates: Reimbursement[],
  support: (merchantId: string) => number,
  rules: MatchRules,
  payments: Payment[] = [],
): Reimbursement[] {
  const named = (r: Reimbursement) => Number(r.payments.some((p) => p.reimburses.length > 0));
  const ranked = [...candidates].sort(
    (a, b) =>
      named(b) - named(a) ||
      b.boosted / b.orders.length - a.boosted / a.orders.length ||
      support(b.merchantId) - support(a.merchantId) ||
      a.looseness - b.looseness ||
      a.payments.length + a.orders.length - (b.payments.length + b.orders.length) ||
      b.orders[b.orders.length - 1].placedAt - a.orders[a.orders.length - 1].placedAt ||
      a.payments[0].paymentId.localeCompare(b.payments[0].paymentId) ||
      a.orders[0].orderId.localeCompare(b.orders[0].orderId),
  );
  const paymentsTaken = new Set<string>();
  const ordersTaken = new Set<string>();
  const chosen: Reimbursement[] = [];
  for (const r of ranked) {
    if (r.payments.some((p) => paymentsTaken.has(p.paymentId)) || r.orders.some((o) => ordersTaken.has(o.orderId)))
      continue;
    for (const p of r.payments) paymentsTaken.add(p.paymentId);
    for (const o of r.orders) ordersTaken.add(o.orderId);
    chosen.push(r);
  }
  for (const pay of payments) {
    if (paymentsTaken.has(pay.paymentId)) continue;
    for (let i = 0; i < chosen.length; i++) {
      const r = chosen[i];
      if (r.payeeId !== pay.payeeId || r.payments.length >= rules.maxPaymentParts) continue;
      const joined = [...r.payments, pay].sort((a, b) => a.paidAt - b.paidAt);
      if (joined[joined.length - 1].paidAt - joined[0].paidAt > rules.settlementHours * 3600) continue;
      const completed = fits(joined, r.orders, rules);
      if (!completed) continue;
      chosen[i] = completed;
      paymentsTaken.add(pay.paymentId);
      break;
    }
  }
  return chosen.sort((a, b) => a.payments[0].paidAt - b.payments[0].paidAt);
}
