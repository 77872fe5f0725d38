// The devices and IPs of $accountIds seen by between 2 and the hub cut-off accounts, with those accounts (scoped
// shared-device). Busy devices are kept as in shared-device-links when most of their accounts have no device of their own.
UNWIND $accountIds AS accountId
MATCH (:Account {id: accountId})-[:USED]->(d:Device)
WITH DISTINCT d
WITH d, COUNT { (d)<-[:USED]-() } AS n
WHERE n >= 2
WITH d, n, n > $deviceHubCutoff AS busy
WITH d, busy, CASE WHEN busy AND $farmDeviceShare > 0 THEN COUNT {
         MATCH (a:Account)-[:USED]->(d)
         WHERE NOT EXISTS { MATCH (a)-[:USED]->(own:Device) WHERE COUNT { (own)<-[:USED]-() } = 1 }
       } END AS sharedOnly, n
WHERE NOT busy OR sharedOnly >= $farmDeviceShare * n
MATCH (a:Account)-[u:USED]->(d)
RETURN 'device' AS type, d.id AS id, collect(a.id) AS accounts,
       min(u.firstSeen).epochSeconds AS firstSeen, max(u.lastSeen).epochSeconds AS lastSeen, sharedOnly
UNION ALL
UNWIND $accountIds AS accountId
MATCH (:Account {id: accountId})-[:SEEN_AT]->(i:Ip)
WITH DISTINCT i
WITH i, COUNT { (i)<-[:SEEN_AT]-() } AS n
WHERE n >= 2 AND n <= $ipHubCutoff
MATCH (a:Account)-[s:SEEN_AT]->(i)
RETURN 'ip' AS type, i.address AS id, collect(a.id) AS accounts,
       min(s.firstSeen).epochSeconds AS firstSeen, max(s.lastSeen).epochSeconds AS lastSeen, null AS sharedOnly
