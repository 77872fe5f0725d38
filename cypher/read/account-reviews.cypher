// An account's reviews, newest first.
MATCH (a:Account {id: $id})
WITH a, COUNT { (a)-[:WROTE]->(:Review) } AS total
CALL (a) {
  MATCH (a)-[:WROTE]->(r:Review)
  WHERE $after IS NULL OR r.createdAt < datetime($after[0]) OR (r.createdAt = datetime($after[0]) AND r.id < $after[1])
  WITH r ORDER BY r.createdAt DESC, r.id DESC LIMIT $limit
  MATCH (r)-[:ABOUT]->(p:Product)
  RETURN collect({node: r {.*, accountId: a.id, productId: p.id, orderId: head([(r)-[:FOR_ORDER]->(o) | o.id])}, key: [toString(r.createdAt), r.id]}) AS page
}
RETURN total, page
