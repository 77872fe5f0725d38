// Payments sent by $accountIds: whom an organiser or intermediary paid.
UNWIND $accountIds AS accountId
MATCH (:Account {id: accountId})-[:SENT]->(pay:Payment)-[:TO]->(dst:Account)
RETURN accountId AS payerId, dst.id AS payeeId, pay.id AS paymentId, pay.amount AS amount, pay.paidAt.epochSeconds AS paidAt
