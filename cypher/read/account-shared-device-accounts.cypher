// Accounts seen on any of this account's devices, most shared devices first.
MATCH (a:Account {id: $id})
CALL (a) {
  MATCH (a)-[:USED]->(d:Device)<-[:USED]-(b:Account)
  WHERE b <> a
  WITH b, collect(DISTINCT d {.*}) AS devices
  RETURN collect({b: b, devices: devices}) AS coUsers
}
WITH size(coUsers) AS total, coUsers
CALL (coUsers) {
  UNWIND coUsers AS x
  WITH x.b AS b, x.devices AS devices, size(x.devices) AS n
  WHERE $after IS NULL OR n < $after[0] OR (n = $after[0] AND b.id > $after[1])
  WITH b, devices, n ORDER BY n DESC, b.id LIMIT $limit
  RETURN collect({node: {account: b {.*}, sharedDevices: devices}, key: [n, b.id]}) AS page
}
RETURN total, page
