// Network cohorts: every IP seen by 2+ accounts, and every IPv4 /24 with 2+ of its addresses in use, with each shop
// that 2+ cohort accounts gave a boosting review and each cohort account's orders, reviews and boosting reviews there.
// No hub cut-off: a campus NAT shared by 300 is weighed by the null model, not thrown away. Each member's shopping is
// tallied once per cohort, so the cost is linear in the cohort's activity. $seedIds (or null) limits it to a scope.
CALL () {
  MATCH (i:Ip)
  WHERE COUNT { (i)<-[:SEEN_AT]-() } >= 2
  MATCH (i)<-[s:SEEN_AT]-(a:Account)
  WITH i, collect(a) AS members, min(s.firstSeen) AS firstSeen, max(s.lastSeen) AS lastSeen,
       CASE WHEN i.address =~ '[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+'
            THEN reduce(p = '', o IN split(i.address, '.')[0..3] | p + o + '.') ELSE i.address END AS network
  RETURN 'ip' AS type, i.address AS cohortId, network, members, firstSeen, lastSeen
  UNION ALL
  MATCH (i:Ip)
  WHERE i.address =~ '[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+'
  WITH i, split(i.address, '.') AS octets
  WITH octets[0] + '.' + octets[1] + '.' + octets[2] + '.' AS network, collect(i) AS ips
  WHERE size(ips) >= 2
  UNWIND ips AS i
  MATCH (i)<-[s:SEEN_AT]-(a:Account)
  WITH network, collect(DISTINCT a) AS members, min(s.firstSeen) AS firstSeen, max(s.lastSeen) AS lastSeen
  WHERE size(members) >= 2
  RETURN 'subnet' AS type, network + '0/24' AS cohortId, network, members, firstSeen, lastSeen
}
WITH type, cohortId, network, members, firstSeen, lastSeen
WHERE $seedIds IS NULL OR any(x IN members WHERE x.id IN $seedIds)
CALL (members, network) {
  UNWIND members AS a
  // The account lives elsewhere too: seen on an IP outside this network (home, work, mobile data), or using more
  // than one device (a phone of its own beside a shared tablet or kiosk). An emulator is one device in one studio.
  WITH a, EXISTS { MATCH (a)-[:SEEN_AT]->(j:Ip) WHERE NOT j.address STARTS WITH network }
          OR COUNT { (a)-[:USED]->(:Device) } > 1 AS elsewhere
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
RETURN type, cohortId, size(members) AS size, m.id AS merchantId, accounts,
       firstSeen.epochSeconds AS firstSeen, lastSeen.epochSeconds AS lastSeen
