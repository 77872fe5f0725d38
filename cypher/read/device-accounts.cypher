// Accounts that used a device, by account id.
MATCH (d:Device {id: $id})
WITH d, COUNT { (d)<-[:USED]-(:Account) } AS total
CALL (d) {
  MATCH (a:Account)-[:USED]->(d)
  WHERE $after IS NULL OR a.id > $after[0]
  WITH a ORDER BY a.id LIMIT $limit
  RETURN collect({node: a {.*}, key: [a.id]}) AS page
}
RETURN total, page
