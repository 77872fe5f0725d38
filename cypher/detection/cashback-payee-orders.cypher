// For each payee in $payees ({id, from, to, maxAmount}): how many orders it placed in all (its own activity, for the
// null model), and its orders a payment could reimburse (placed in [from, to], at most maxAmount), each with its shop,
// the shop's owner and the payee's review of it: the one written for the order, else its first review of the product
// after the order that was written for no order.
UNWIND $payees AS q
MATCH (b:Account {id: q.id})
RETURN b.id AS payeeId,
       COUNT { (b)-[:PLACED]->(:Order) } AS orderCount,
       COLLECT {
         MATCH (b)-[:PLACED]->(o:Order)
         WHERE o.placedAt >= datetime({epochSeconds: toInteger(q.from)}) AND o.placedAt <= datetime({epochSeconds: toInteger(q.to)})
           AND o.amount <= q.maxAmount
         MATCH (o)-[:OF]->(p:Product)-[:SOLD_BY]->(m:Merchant)
         RETURN {
           orderId: o.id, productId: p.id, merchantId: m.id, amount: o.amount, placedAt: o.placedAt.epochSeconds,
           ownerId: head([(m)-[:OWNED_BY]->(w:Account) | w.id]),
           review: coalesce(
             head([(o)<-[:FOR_ORDER]-(r:Review)<-[:WROTE]-(b) | {id: r.id, at: r.createdAt.epochSeconds, rating: r.rating}]),
             head(COLLECT {
               MATCH (b)-[:WROTE]->(r:Review)-[:ABOUT]->(p)
               WHERE r.createdAt >= o.placedAt AND NOT EXISTS { (r)-[:FOR_ORDER]->(:Order) }
               RETURN {id: r.id, at: r.createdAt.epochSeconds, rating: r.rating} AS review
               ORDER BY r.createdAt
               LIMIT 1
             }))
         } AS payeeOrder
       } AS orders
