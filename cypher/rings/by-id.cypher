// Stored rings by id (DataLoader), with members (and their accounts, so no second look-up) and the evidence behind
// them, expanding the ring's EVIDENCE relationships once. Members' evidence sentences are most of a ring's bytes:
// they are read by rings/member-evidence, for the members a query returns and only when it asks for them.
// Only the current run's: ring ids carry over from run to run, and a run still writing is not visible yet.
MATCH (run:DetectionRun {current: true})
UNWIND $ids AS id
MATCH (r:Ring {runId: run.id, id: id})
WITH r, COLLECT { MATCH (r)-[:EVIDENCE]->(x) RETURN [labels(x)[0], x.id] } AS evidence
RETURN r {.*,
  members: [(a:Account)-[m:MEMBER_OF]->(r) |
            {accountId: a.id, account: a {.*}, score: m.score, role: m.role, signals: m.signals}],
  devices: [e IN evidence WHERE e[0] = 'Device' | e[1]],
  payments: [e IN evidence WHERE e[0] = 'Payment' | e[1]],
  products: [e IN evidence WHERE e[0] = 'Product' | e[1]],
  orders: [e IN evidence WHERE e[0] = 'Order' | e[1]],
  reviews: [e IN evidence WHERE e[0] = 'Review' | e[1]],
  merchants: [(r)-[:TARGETS]->(x:Merchant) | x.id]
} AS node
