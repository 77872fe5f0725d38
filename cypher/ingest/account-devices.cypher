// Load a batch of account_devices.csv rows. Repeated sightings widen firstSeen/lastSeen (idempotent, order-free).
// A sighting has no id of its own (account, device, ip are its identity): --update changes nothing here; they merge as ever.
UNWIND $rows AS row
OPTIONAL MATCH (a:Account {id: row.accountId})
WITH row, a, CASE WHEN a IS NULL THEN [{column: 'account_id', reason: 'unknown account id'}] ELSE [] END AS problems
CALL (row, a, problems) {
  WITH * WHERE size(problems) = 0
  MERGE (d:Device {id: row.deviceId})
  MERGE (a)-[u:USED]->(d)
    ON CREATE SET u.firstSeen = row.props.firstSeen, u.lastSeen = row.props.lastSeen
    ON MATCH SET u.firstSeen = CASE WHEN row.props.firstSeen < u.firstSeen THEN row.props.firstSeen ELSE u.firstSeen END,
                 u.lastSeen = CASE WHEN row.props.lastSeen > u.lastSeen THEN row.props.lastSeen ELSE u.lastSeen END
  FOREACH (address IN CASE WHEN row.ip IS NULL THEN [] ELSE [row.ip] END |
    MERGE (i:Ip {address: address})
    MERGE (a)-[s:SEEN_AT]->(i)
      ON CREATE SET s.firstSeen = row.props.firstSeen, s.lastSeen = row.props.lastSeen
      ON MATCH SET s.firstSeen = CASE WHEN row.props.firstSeen < s.firstSeen THEN row.props.firstSeen ELSE s.firstSeen END,
                   s.lastSeen = CASE WHEN row.props.lastSeen > s.lastSeen THEN row.props.lastSeen ELSE s.lastSeen END
  )
}
RETURN [r IN collect(CASE WHEN size(problems) > 0 THEN {line: row.line, problems: problems} END) WHERE r IS NOT NULL] AS rejected,
       0 AS created, 0 AS unchanged, [] AS changes
