// Payments sent or received by $accountIds, with the orders they name: one step of a scoped run's walk along the money.
UNWIND $accountIds AS accountId
MATCH (a:Account {id: accountId})
CALL (a) {
  MATCH (a)-[:SENT]->(pay:Payment)
  RETURN pay
  UNION
  MATCH (a)<-[:TO]-(pay:Payment)
  RETURN pay
}
WITH DISTINCT pay
MATCH (src:Account)-[:SENT]->(pay)-[:TO]->(dst:Account)
RETURN src.id AS payerId, dst.id AS payeeId, pay.id AS paymentId, pay.amount AS amount,
       pay.paidAt.epochSeconds AS paidAt, [(pay)-[:REIMBURSES]->(o:Order) | o.id] AS reimburses
