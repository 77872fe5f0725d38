// Template texts, step 1: every review text of $merchantIds' shops with how often and by how many accounts it was
// posted there. Aggregated inside Neo4j: one row per distinct text and shop, however many reviews repeat it.
UNWIND $merchantIds AS merchantId
MATCH (m:Merchant {id: merchantId})<-[:SOLD_BY]-(:Product)<-[:ABOUT]-(r:Review)<-[:WROTE]-(a:Account)
WHERE r.text IS NOT NULL AND r.text <> ''
RETURN r.text AS text, merchantId, count(r) AS reviews, count(DISTINCT a) AS accounts
