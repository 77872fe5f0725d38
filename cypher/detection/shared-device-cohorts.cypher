// Device cohorts: every device used by 2+ accounts (no hub cut-off: the null model weighs a busy terminal), and each
// shop that 2+ of its accounts gave a boosting review, with each cohort account's orders, reviews and boosting reviews
// at that shop and whether it also uses a phone of its own. Each member's shopping is tallied once per cohort, so the
// cost is linear in the cohort's activity. $seedIds (or null) limits it to a scope.
MATCH (d:Device)
WHERE COUNT { (d)<-[:USED]-() } >= 2
  AND ($seedIds IS NULL OR EXISTS { MATCH (d)<-[:USED]-(s:Account) WHERE s.id IN $seedIds })
MATCH (d)<-[u:USED]-(a:Account)
WITH d, collect(a) AS members, min(u.firstSeen) AS firstSeen, max(u.lastSeen) AS lastSeen
CALL (d, members) {
  UNWIND members AS a
  WITH a, EXISTS { MATCH (a)-[:USED]->(own:Device) WHERE own <> d AND COUNT { (own)<-[:USED]-() } = 1 } AS elsewhere
  CALL (a) {
    MATCH (a)-[:PLACED]->(:Order)-[:OF]->(:Product)-[:SOLD_BY]->(m:Merchant)
    RETURN m, 1 AS o, 0 AS r, 0 AS b
    UNION ALL
    MATCH (a)-[:WROTE]->(rv:Review)-[:ABOUT]->(:Product)-[:SOLD_BY]->(m:Merchant)
    RETURN m, 0 AS o, 1 AS r, CASE WHEN rv.rating >= $minRating THEN 1 ELSE 0 END AS b
  }
  WITH a, elsewhere, m, sum(o) AS orders, sum(r) AS reviews, sum(b) AS boosts
  WITH m, collect({accountId: a.id, orders: orders, reviews: reviews, boosts: boosts, elsewhere: elsewhere}) AS accounts,
       sum(CASE WHEN boosts > 0 THEN 1 ELSE 0 END) AS boosters
  WHERE boosters >= 2
  RETURN m, accounts
}
RETURN 'device' AS type, d.id AS cohortId, size(members) AS size, m.id AS merchantId, accounts,
       firstSeen.epochSeconds AS firstSeen, lastSeen.epochSeconds AS lastSeen
