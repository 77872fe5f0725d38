// Payments received by $accountIds: where a cashback payer's money came from.
UNWIND $accountIds AS accountId
MATCH (src:Account)-[:SENT]->(pay:Payment)-[:TO]->(:Account {id: accountId})
RETURN src.id AS payerId, accountId AS payeeId, pay.id AS paymentId, pay.amount AS amount, pay.paidAt.epochSeconds AS paidAt
