// Every device and IP seen by between 2 and the hub cut-off accounts, with those accounts (full run of shared-device).
// Hubs (public terminals, campus NAT) are skipped here, before any account list is built.
MATCH (d:Device)
WITH d, COUNT { (d)<-[:USED]-() } AS n
WHERE n >= 2 AND n <= $deviceHubCutoff
MATCH (a:Account)-[u:USED]->(d)
RETURN 'device' AS type, d.id AS id, collect(a.id) AS accounts,
       min(u.firstSeen).epochSeconds AS firstSeen, max(u.lastSeen).epochSeconds AS lastSeen
UNION ALL
MATCH (i:Ip)
WITH i, COUNT { (i)<-[:SEEN_AT]-() } AS n
WHERE n >= 2 AND n <= $ipHubCutoff
MATCH (a:Account)-[s:SEEN_AT]->(i)
RETURN 'ip' AS type, i.address AS id, collect(a.id) AS accounts,
       min(s.firstSeen).epochSeconds AS firstSeen, max(s.lastSeen).epochSeconds AS lastSeen
