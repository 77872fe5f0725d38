// Device cohorts: every device used by 2+ accounts (no hub cut-off: the null model weighs a busy terminal), with its
// accounts. What the members bought and boosted is read by cohort-shops, in chunks of cohorts. $seedIds (or null)
// limits it to a scope.
MATCH (d:Device)
WHERE COUNT { (d)<-[:USED]-() } >= 2
  AND ($seedIds IS NULL OR EXISTS { MATCH (d)<-[:USED]-(s:Account) WHERE s.id IN $seedIds })
MATCH (d)<-[u:USED]-(a:Account)
WITH d, collect(a.id) AS memberIds, min(u.firstSeen) AS firstSeen, max(u.lastSeen) AS lastSeen
RETURN 'device' AS type, d.id AS cohortId, null AS network, memberIds,
       firstSeen.epochSeconds AS firstSeen, lastSeen.epochSeconds AS lastSeen
