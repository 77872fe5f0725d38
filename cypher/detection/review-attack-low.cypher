// Review attacks: per product of $merchantIds' shops, its reviews' count and time span, and its low (<=
// $maxLowRating) reviews with what tells an organised attack from a bad batch: does the reviewer have an order of
// the product, how old was the account, what did it write.
UNWIND $merchantIds AS merchantId
MATCH (:Merchant {id: merchantId})<-[:SOLD_BY]-(p:Product)<-[:ABOUT]-(r:Review)
WITH merchantId, p, count(r) AS reviews, min(r.createdAt) AS first,
     collect(CASE WHEN r.rating <= $maxLowRating THEN r END) AS low
WHERE size(low) > 0
UNWIND low AS r
MATCH (r)<-[:WROTE]-(a:Account)
WITH merchantId, p, reviews, first, r, a
ORDER BY r.createdAt
RETURN merchantId, p.id AS productId, reviews, first.epochSeconds AS first,
       collect({id: r.id, accountId: a.id, rating: r.rating, at: r.createdAt.epochSeconds, text: r.text,
                ordered: EXISTS { (a)-[:PLACED]->(:Order)-[:OF]->(p) },
                accountAge: r.createdAt.epochSeconds - a.createdAt.epochSeconds}) AS low
