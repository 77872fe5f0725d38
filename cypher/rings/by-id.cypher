// Stored rings by id (DataLoader), with members (and their accounts, so no second look-up) and the evidence behind
// them, expanding the ring's EVIDENCE relationships once. Members' evidence sentences are most of a ring's bytes:
// they are read by rings/member-evidence, for the members a query returns and only when it asks for them.
// Keys are [runId, ring id]: a ring listed from one run is read from that run even if a newer one has replaced it
// since (ids carry over from run to run); a null runId means the current run (a run still writing is not visible).
OPTIONAL MATCH (current:DetectionRun {current: true})
UNWIND $keys AS key
WITH key, coalesce(key[0], current.id) AS runId
MATCH (r:Ring {runId: runId, id: key[1]})
USING INDEX SEEK r:Ring(runId, id)
WITH key, r, COLLECT { MATCH (r)-[:EVIDENCE]->(x) RETURN [labels(x)[0], x.id] } AS evidence
RETURN key, r {.*,
  members: [(a:Account)-[m:MEMBER_OF]->(r) |
            {accountId: a.id, account: a {.*}, score: m.score, role: m.role, signals: m.signals}],
  devices: [e IN evidence WHERE e[0] = 'Device' | e[1]],
  payments: [e IN evidence WHERE e[0] = 'Payment' | e[1]],
  products: [e IN evidence WHERE e[0] = 'Product' | e[1]],
  orders: [e IN evidence WHERE e[0] = 'Order' | e[1]],
  reviews: [e IN evidence WHERE e[0] = 'Review' | e[1]],
  merchants: [(r)-[:TARGETS]->(x:Merchant) | x.id]
} AS node
