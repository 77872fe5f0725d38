// A product's reviews, newest first.
MATCH (p:Product {id: $id})
WITH p, COUNT { (:Review)-[:ABOUT]->(p) } AS total
CALL (p) {
  MATCH (r:Review)-[:ABOUT]->(p)
  WHERE $after IS NULL OR r.createdAt < datetime($after[0]) OR (r.createdAt = datetime($after[0]) AND r.id < $after[1])
  WITH r ORDER BY r.createdAt DESC, r.id DESC LIMIT $limit
  MATCH (a:Account)-[:WROTE]->(r)
  RETURN collect({node: r {.*, accountId: a.id, productId: p.id, orderId: head([(r)-[:FOR_ORDER]->(o) | o.id])}, key: [toString(r.createdAt), r.id]}) AS page
}
RETURN total, page
