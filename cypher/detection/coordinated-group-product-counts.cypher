// The candidate groups' members' ($accountIds) own orders, reviews and boosting reviews (>= $minRating) of the groups'
// products ($productIds), at any time: what is taken out of the products' counts to leave their other buyers (a
// ring's other campaigns, and other rings on the same products, are not "other buyers").
UNWIND $accountIds AS accountId
MATCH (a:Account {id: accountId})
CALL (a) {
  MATCH (a)-[:PLACED]->(:Order)-[:OF]->(p:Product)
  WHERE p.id IN $productIds
  RETURN p.id AS productId, count(*) AS orders, 0 AS boosting, 0 AS reviews
  UNION ALL
  MATCH (a)-[:WROTE]->(r:Review)-[:ABOUT]->(p:Product)
  WHERE p.id IN $productIds
  RETURN p.id AS productId, 0 AS orders, count(CASE WHEN r.rating >= $minRating THEN 1 END) AS boosting,
         count(*) AS reviews
}
RETURN productId, sum(orders) AS orders, sum(boosting) AS boosting, sum(reviews) AS reviews
