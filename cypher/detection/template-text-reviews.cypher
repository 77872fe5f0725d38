// Template texts, step 2: the reviews behind each (template, shop) pair the null model found concentrated, with
// what an investigator checks: author, product, rating, time, whether an order stands behind it.
UNWIND $pairs AS pair
MATCH (:Merchant {id: pair.merchantId})<-[:SOLD_BY]-(p:Product)<-[:ABOUT]-(r:Review)<-[:WROTE]-(a:Account)
WHERE r.text IN pair.texts
RETURN pair.key AS key, r.id AS id, a.id AS accountId, p.id AS productId, r.rating AS rating,
       r.createdAt.epochSeconds AS at, r.text AS text, EXISTS { (r)-[:FOR_ORDER]->() } AS ordered
