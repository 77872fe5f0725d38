// Stored rings by id (DataLoader), with members and the evidence behind them.
UNWIND $ids AS id
MATCH (r:Ring {id: id})
RETURN r {.*,
  members: [(a:Account)-[m:MEMBER_OF]->(r) | {accountId: a.id, score: m.score, evidence: m.evidence, role: m.role}],
  devices: [(r)-[:EVIDENCE]->(x:Device) | x.id],
  payments: [(r)-[:EVIDENCE]->(x:Payment) | x.id],
  products: [(r)-[:EVIDENCE]->(x:Product) | x.id],
  orders: [(r)-[:EVIDENCE]->(x:Order) | x.id],
  reviews: [(r)-[:EVIDENCE]->(x:Review) | x.id],
  merchants: [(r)-[:TARGETS]->(x:Merchant) | x.id]
} AS node
