// Devices an account used, by device id, with first/last sighting and how many accounts share each.
MATCH (a:Account {id: $id})
WITH a, COUNT { (a)-[:USED]->(:Device) } AS total
CALL (a) {
  MATCH (a)-[u:USED]->(d:Device)
  WHERE $after IS NULL OR d.id > $after[0]
  WITH d, u ORDER BY d.id LIMIT $limit
  RETURN collect({node: {device: d {.*}, firstSeen: u.firstSeen, lastSeen: u.lastSeen, accountCount: COUNT { (d)<-[:USED]-(:Account) }}, key: [d.id]}) AS page
}
RETURN total, page
