// A merchant's products, by product id.
MATCH (m:Merchant {id: $id})
WITH m, COUNT { (:Product)-[:SOLD_BY]->(m) } AS total
CALL (m) {
  MATCH (p:Product)-[:SOLD_BY]->(m)
  WHERE $after IS NULL OR p.id > $after[0]
  WITH p ORDER BY p.id LIMIT $limit
  RETURN collect({node: p {.*, merchantId: m.id}, key: [p.id]}) AS page
}
RETURN total, page
