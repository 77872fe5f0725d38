// Per shop: orders, reviews, boosting (>= $minRating) and low (<= $maxLowRating) reviews: the base rates every
// detector's null model starts from. Relationship counts only, so it stays cheap at a million accounts.
MATCH (m:Merchant)<-[:SOLD_BY]-(p:Product)
WITH m,
     sum(COUNT { (p)<-[:OF]-(:Order) }) AS orders,
     sum(COUNT { (p)<-[:ABOUT]-(:Review) }) AS reviews,
     sum(COUNT { (p)<-[:ABOUT]-(r:Review) WHERE r.rating >= $minRating }) AS boosting,
     sum(COUNT { (p)<-[:ABOUT]-(r:Review) WHERE r.rating <= $maxLowRating }) AS low
RETURN m.id AS merchantId, orders, reviews, boosting, low
