// Write a batch of rings of one run, with members, evidence and the shops they benefit.
UNWIND $rings AS ring
CREATE (r:Ring {id: ring.id, runId: $runId, kind: ring.kind, score: ring.score, size: size(ring.members),
                signals: ring.signals, explanation: ring.explanation, firstDetected: CASE WHEN ring.firstDetected IS NULL THEN null ELSE datetime(ring.firstDetected) END,
                firstActivity: CASE WHEN ring.firstActivity IS NULL THEN null ELSE datetime(ring.firstActivity) END,
                lastActivity: CASE WHEN ring.lastActivity IS NULL THEN null ELSE datetime(ring.lastActivity) END})
WITH r, ring
CALL (r, ring) {
  UNWIND ring.members AS m
  MATCH (a:Account {id: m.accountId})
  CREATE (a)-[:MEMBER_OF {score: m.score, evidence: m.evidence, role: m.role, signals: m.signals}]->(r)
}
CALL (r, ring) {
  UNWIND ring.devices AS id
  MATCH (x:Device {id: id})
  CREATE (r)-[:EVIDENCE]->(x)
}
CALL (r, ring) {
  UNWIND ring.payments AS id
  MATCH (x:Payment {id: id})
  CREATE (r)-[:EVIDENCE]->(x)
}
CALL (r, ring) {
  UNWIND ring.products AS id
  MATCH (x:Product {id: id})
  CREATE (r)-[:EVIDENCE]->(x)
}
CALL (r, ring) {
  UNWIND ring.orders AS id
  MATCH (x:Order {id: id})
  CREATE (r)-[:EVIDENCE]->(x)
}
CALL (r, ring) {
  UNWIND ring.reviews AS id
  MATCH (x:Review {id: id})
  CREATE (r)-[:EVIDENCE]->(x)
}
CALL (r, ring) {
  UNWIND ring.merchants AS id
  MATCH (x:Merchant {id: id})
  CREATE (r)-[:TARGETS]->(x)
}
RETURN count(r) AS written
