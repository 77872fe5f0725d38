// Every payment, with the orders it names: a full cashback run matches them against the payees' orders in the process
// (payments are few next to orders: 90 k at a million accounts).
MATCH (src:Account)-[:SENT]->(pay:Payment)-[:TO]->(dst:Account)
RETURN src.id AS payerId, dst.id AS payeeId, pay.id AS paymentId, pay.amount AS amount,
       pay.paidAt.epochSeconds AS paidAt, [(pay)-[:REIMBURSES]->(o:Order) | o.id] AS reimburses
