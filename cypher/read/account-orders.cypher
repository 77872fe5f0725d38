// An account's orders, newest first.
MATCH (a:Account {id: $id})
WITH a, COUNT { (a)-[:PLACED]->(:Order) } AS total
CALL (a) {
  MATCH (a)-[:PLACED]->(o:Order)
  WHERE $after IS NULL OR o.placedAt < datetime($after[0]) OR (o.placedAt = datetime($after[0]) AND o.id < $after[1])
  WITH o ORDER BY o.placedAt DESC, o.id DESC LIMIT $limit
  MATCH (o)-[:OF]->(p:Product)
  RETURN collect({node: o {.*, accountId: a.id, productId: p.id}, key: [toString(o.placedAt), o.id]}) AS page
}
RETURN total, page
