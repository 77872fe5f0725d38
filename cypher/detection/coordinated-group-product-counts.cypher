// The candidate groups' members' own orders, reviews and boosting reviews (>= $minRating) of the groups' products, at
// any time: what is taken out of the products' counts to leave their other buyers (a ring's other campaigns, and other
// rings on the same products, are not "other buyers").
UNWIND $groups AS g
UNWIND g.accountIds AS accountId
MATCH (a:Account {id: accountId})
CALL (a, g) {
  MATCH (a)-[:PLACED]->(:Order)-[:OF]->(p:Product)
  WHERE p.id IN g.productIds
  RETURN p.id AS productId, count(*) AS orders, 0 AS boosting, 0 AS reviews
  UNION ALL
  MATCH (a)-[:WROTE]->(r:Review)-[:ABOUT]->(p:Product)
  WHERE p.id IN g.productIds
  RETURN p.id AS productId, 0 AS orders, count(CASE WHEN r.rating >= $minRating THEN 1 END) AS boosting,
         count(*) AS reviews
}
RETURN g.key AS key, productId, sum(orders) AS orders, sum(boosting) AS boosting, sum(reviews) AS reviews
