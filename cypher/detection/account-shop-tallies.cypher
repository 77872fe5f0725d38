// What the given accounts (members of other detectors' rings) ordered, reviewed and boosted at each of the given
// shops: they are taken out of a shop's other buyers before those serve as a cohort's control group.
UNWIND $accountIds AS accountId
MATCH (a:Account {id: accountId})
CALL (a) {
  MATCH (a)-[:PLACED]->(:Order)-[:OF]->(:Product)-[:SOLD_BY]->(m:Merchant)
  WHERE m.id IN $merchantIds
  RETURN m, 1 AS o, 0 AS r, 0 AS b
  UNION ALL
  MATCH (a)-[:WROTE]->(rv:Review)-[:ABOUT]->(:Product)-[:SOLD_BY]->(m:Merchant)
  WHERE m.id IN $merchantIds
  RETURN m, 0 AS o, 1 AS r, CASE WHEN rv.rating >= $minRating THEN 1 ELSE 0 END AS b
}
RETURN accountId, m.id AS merchantId, sum(o) AS orders, sum(r) AS reviews, sum(b) AS boosts
