// For each cohort of $cohorts (a device, IP or /24 and its member ids, from shared-device-cohorts or
// shared-network-cohorts), each shop that 2+ of its accounts gave a boosting review, with each member's orders, reviews
// and boosting reviews there, when it was registered, and whether it also lives outside the cohort; every other shop
// its accounts used, with their tallies only (`minor`). Each member's shopping is tallied once per cohort, so the cost
// is linear in the cohorts' activity; the detectors send the cohorts in chunks, two at a time, so the work uses both
// cores.
UNWIND $cohorts AS c
CALL (c) {
  UNWIND c.memberIds AS memberId
  MATCH (a:Account {id: memberId})
  // The account lives elsewhere too. On a device: a phone of its own (a device no other account uses) beside the
  // shared tablet or kiosk. On an IP or /24: an IP outside this network (home, work, mobile data), or more than one
  // device. An emulator is one device in one studio.
  WITH a, CASE c.type
            WHEN 'device' THEN EXISTS {
              MATCH (a)-[:USED]->(own:Device) WHERE own.id <> c.cohortId AND COUNT { (own)<-[:USED]-() } = 1 }
            ELSE EXISTS { MATCH (a)-[:SEEN_AT]->(j:Ip) WHERE NOT j.address STARTS WITH c.network }
                 OR COUNT { (a)-[:USED]->(:Device) } > 1
          END AS elsewhere
  CALL (a) {
    MATCH (a)-[:PLACED]->(:Order)-[:OF]->(:Product)-[:SOLD_BY]->(m:Merchant)
    RETURN m, 1 AS o, 0 AS r, 0 AS b
    UNION ALL
    MATCH (a)-[:WROTE]->(rv:Review)-[:ABOUT]->(:Product)-[:SOLD_BY]->(m:Merchant)
    RETURN m, 0 AS o, 1 AS r, CASE WHEN rv.rating >= $minRating THEN 1 ELSE 0 END AS b
  }
  WITH a, elsewhere, m, sum(o) AS orders, sum(r) AS reviews, sum(b) AS boosts
  WITH m, collect({accountId: a.id, orders: orders, reviews: reviews, boosts: boosts, elsewhere: elsewhere,
                  createdAt: a.createdAt.epochSeconds}) AS accounts,
       sum(CASE WHEN boosts > 0 THEN 1 ELSE 0 END) AS boosters, sum(orders) AS placed
  // A shop fewer than two of them boosted is no cohort-shop to test, but it counts in the cohort's pooled purpose
  // (cohorts.ts): only its tallies come back, those of the accounts that live only in the cohort, per order where
  // they ordered there (per review otherwise), and who its one booster is.
  // (A device cohort is tested shop by shop only: a farm phone's few accounts need no pooled purpose.)
  // Nor does a cohort with no shop to test: its tallies would be read for nothing.
  WITH m, accounts, boosters, [x IN accounts WHERE NOT x.elsewhere] AS tested, placed > 0 AS perOrder
  WHERE boosters >= 2 OR c.type <> 'device'
  WITH collect({m: m, accounts: accounts, boosters: boosters, tested: tested, perOrder: perOrder}) AS shops
  WHERE any(x IN shops WHERE x.boosters >= 2)
  UNWIND shops AS x
  WITH x.m AS m, x.accounts AS accounts, x.boosters AS boosters, x.tested AS tested, x.perOrder AS perOrder
  RETURN m, CASE WHEN boosters >= 2 THEN accounts ELSE [] END AS accounts,
         CASE WHEN boosters >= 2 THEN null ELSE {
           perOrder: perOrder,
           trials: reduce(s = 0, x IN tested |
             s + CASE WHEN (CASE WHEN perOrder THEN x.orders ELSE x.reviews END) > x.boosts
                      THEN (CASE WHEN perOrder THEN x.orders ELSE x.reviews END) ELSE x.boosts END),
           boosted: reduce(s = 0, x IN tested | s + x.boosts),
           booster: head([x IN tested WHERE x.boosts > 0 | x.accountId])
         } END AS minor
}
RETURN c.type AS type, c.cohortId AS cohortId, size(c.memberIds) AS size, m.id AS merchantId, accounts, minor,
       c.firstSeen AS firstSeen, c.lastSeen AS lastSeen
