// Payments by $payerIds that look like cashback: after the payee's order, within the lag, order amount plus a small commission.
// A refund (at most the order amount) never matches; the shop owner comes along because owners often pay cashback themselves.
UNWIND $payerIds AS payerId
MATCH (payer:Account {id: payerId})-[:SENT]->(pay:Payment)-[:TO]->(payee:Account)
WITH payerId, payer, pay, payee, pay.paidAt AS paidAtTime, pay.amount AS amount
// A refund: it reimburses, or does not exceed, an order at the payer's own shop (whatever other order it happens to fit).
WHERE NOT EXISTS { (pay)-[:REIMBURSES]->(x:Order) WHERE x.amount >= amount }
  AND NOT EXISTS {
    (payee)-[:PLACED]->(x:Order)-[:OF]->(:Product)-[:SOLD_BY]->(:Merchant)-[:OWNED_BY]->(payer)
    WHERE x.amount >= amount AND x.placedAt <= paidAtTime
  }
WITH payerId, pay, payee, paidAtTime.epochSeconds AS paidAt, amount,
     [(pay)-[:REIMBURSES]->(x:Order) | x] AS reimbursed
MATCH (payee)-[:PLACED]->(o:Order)
WHERE size(reimbursed) = 0 OR o IN reimbursed
WITH payerId, pay, payee, paidAt, amount, o, o.placedAt.epochSeconds AS placedAt
  WHERE placedAt <= paidAt AND paidAt - placedAt <= $maxLagSeconds
  AND amount - o.amount >= $minCommission
  AND amount - o.amount <= $maxCommission + $maxCommissionRate * o.amount
MATCH (o)-[:OF]->(p:Product)-[:SOLD_BY]->(m:Merchant)
RETURN payerId, payee.id AS payeeId, pay.id AS paymentId, amount, paidAt,
       o.id AS orderId, o.amount AS orderAmount, placedAt, p.id AS productId, m.id AS merchantId,
       head([(m)-[:OWNED_BY]->(owner:Account) | owner.id]) AS ownerId,
       // The good review the payment follows: the one written for this order, else the latest of the product
       // before the payment that was not written for another order.
       coalesce(
         head([(o)<-[:FOR_ORDER]-(r:Review)<-[:WROTE]-(payee)
               WHERE r.rating >= $minRating AND r.createdAt.epochSeconds <= paidAt
               | {id: r.id, at: r.createdAt.epochSeconds, rating: r.rating}]),
         reduce(latest = null, r IN [(payee)-[:WROTE]->(r:Review)-[:ABOUT]->(p)
                                     WHERE r.rating >= $minRating AND r.createdAt.epochSeconds <= paidAt
                                       AND NOT EXISTS { (r)-[:FOR_ORDER]->(:Order) }
                                     | {id: r.id, at: r.createdAt.epochSeconds, rating: r.rating}]
                | CASE WHEN latest IS NULL OR r.at > latest.at THEN r ELSE latest END)
       ) AS review
