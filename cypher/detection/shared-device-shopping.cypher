// What candidate device-sharing accounts bought and 5-star reviewed, by shop: whether they shop as one.
UNWIND $accountIds AS accountId
MATCH (a:Account {id: accountId})-[:PLACED]->(o:Order)-[:OF]->(p:Product)-[:SOLD_BY]->(m:Merchant)
RETURN accountId, m.id AS merchantId, 'order' AS type, o.id AS id, p.id AS productId, o.placedAt.epochSeconds AS at
UNION ALL
UNWIND $accountIds AS accountId
MATCH (a:Account {id: accountId})-[:WROTE]->(r:Review)-[:ABOUT]->(p:Product)-[:SOLD_BY]->(m:Merchant)
WHERE r.rating >= $minRating
RETURN accountId, m.id AS merchantId, 'review' AS type, r.id AS id, p.id AS productId, r.createdAt.epochSeconds AS at
