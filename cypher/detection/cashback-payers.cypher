// Every account that has sent a payment: the candidate cashback payers of a full run.
MATCH (a:Account)
WHERE EXISTS { (a)-[:SENT]->(:Payment) }
RETURN a.id AS id
