// Template texts, step 1: every review text of $merchantIds' shops with how often and by how many accounts it was
// posted there at each rating (a complaint is expected where the low reviews are, praise where the high ones are). Aggregated inside Neo4j: one row per distinct text and shop, however many reviews repeat it.
UNWIND $merchantIds AS merchantId
MATCH (m:Merchant {id: merchantId})<-[:SOLD_BY]-(:Product)<-[:ABOUT]-(r:Review)<-[:WROTE]-(a:Account)
WHERE r.text IS NOT NULL AND r.text <> ''
RETURN r.text AS text, merchantId, r.rating AS rating, count(r) AS reviews, count(DISTINCT a) AS accounts
