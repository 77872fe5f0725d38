// Products at least $minBuyers of $accountIds bought (a scoped run's second hop: what a seed's co-buyers bought).
UNWIND $accountIds AS accountId
MATCH (:Account {id: accountId})-[:PLACED]->(:Order)-[:OF]->(p:Product)
WITH p, count(DISTINCT accountId) AS buyers
WHERE buyers >= $minBuyers
RETURN p.id AS id
