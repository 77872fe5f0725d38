// Batch look-up of payments by id, with payer, payee and order ids (DataLoader).
UNWIND $ids AS id
MATCH (payer:Account)-[:SENT]->(x:Payment {id: id})-[:TO]->(payee:Account)
RETURN x {.*, payerId: payer.id, payeeId: payee.id, orderId: head([(x)-[:REIMBURSES]->(o) | o.id])} AS node
