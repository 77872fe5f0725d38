// Template texts, campaigns: every review whose text is one of $texts (clusters used in separate bursts), with its
// shop and what an investigator checks: author, product, rating, time, whether an order stands behind it.
MATCH (r:Review)
WHERE r.text IN $texts
MATCH (a:Account)-[:WROTE]->(r)-[:ABOUT]->(p:Product)-[:SOLD_BY]->(m:Merchant)
RETURN r.id AS id, a.id AS accountId, p.id AS productId, m.id AS merchantId, r.rating AS rating,
       r.createdAt.epochSeconds AS at, r.text AS text, EXISTS { (r)-[:FOR_ORDER]->() } AS ordered
