// Network cohorts: every IP seen by 2+ accounts, and every IPv4 /24 with 2+ of its addresses in use, with their
// accounts. No hub cut-off: a campus NAT shared by 300 is weighed by the null model, not thrown away. What the members
// bought and boosted is read by cohort-shops, in chunks of cohorts. $seedIds (or null) limits it to a scope.
CALL () {
  MATCH (i:Ip)
  WHERE COUNT { (i)<-[:SEEN_AT]-() } >= 2
  MATCH (i)<-[s:SEEN_AT]-(a:Account)
  WITH i, collect(a.id) AS memberIds, min(s.firstSeen) AS firstSeen, max(s.lastSeen) AS lastSeen,
       CASE WHEN i.address =~ '[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+'
            THEN reduce(p = '', o IN split(i.address, '.')[0..3] | p + o + '.') ELSE i.address END AS network
  RETURN 'ip' AS type, i.address AS cohortId, network, memberIds, firstSeen, lastSeen
  UNION ALL
  MATCH (i:Ip)
  WHERE i.address =~ '[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+'
  WITH i, split(i.address, '.') AS octets
  WITH octets[0] + '.' + octets[1] + '.' + octets[2] + '.' AS network, collect(i) AS ips
  WHERE size(ips) >= 2
  UNWIND ips AS i
  MATCH (i)<-[s:SEEN_AT]-(a:Account)
  WITH network, collect(DISTINCT a.id) AS memberIds, min(s.firstSeen) AS firstSeen, max(s.lastSeen) AS lastSeen
  WHERE size(memberIds) >= 2
  RETURN 'subnet' AS type, network + '0/24' AS cohortId, network, memberIds, firstSeen, lastSeen
}
WITH type, cohortId, network, memberIds, firstSeen, lastSeen
WHERE $seedIds IS NULL OR any(x IN memberIds WHERE x IN $seedIds)
RETURN type, cohortId, network, memberIds, firstSeen.epochSeconds AS firstSeen, lastSeen.epochSeconds AS lastSeen
