// Per shop: its orders, and its reviews counted by rating (null for a review without one). The base rates of every
// detector's null model are read from these, at whatever rating counts as boosting or low, so that one pass over the
// reviews per run serves every detector. Relationship counts and one property per review.
MATCH (m:Merchant)<-[:SOLD_BY]-(p:Product)
WITH m, sum(COUNT { (p)<-[:OF]-(:Order) }) AS orders, collect(p) AS products
CALL (products) {
  UNWIND products AS p
  MATCH (p)<-[:ABOUT]-(r:Review)
  WITH r.rating AS rating, count(*) AS reviews
  RETURN collect({rating: rating, reviews: reviews}) AS ratings
}
RETURN m.id AS merchantId, orders, ratings
