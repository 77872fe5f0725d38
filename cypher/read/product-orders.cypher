// A product's orders, newest first.
MATCH (p:Product {id: $id})
WITH p, COUNT { (:Order)-[:OF]->(p) } AS total
CALL (p) {
  MATCH (o:Order)-[:OF]->(p)
  WHERE $after IS NULL OR o.placedAt < datetime($after[0]) OR (o.placedAt = datetime($after[0]) AND o.id < $after[1])
  WITH o ORDER BY o.placedAt DESC, o.id DESC LIMIT $limit
  MATCH (a:Account)-[:PLACED]->(o)
  RETURN collect({node: o {.*, accountId: a.id, productId: p.id}, key: [toString(o.placedAt), o.id]}) AS page
}
RETURN total, page
