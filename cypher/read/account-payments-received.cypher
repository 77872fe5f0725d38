// Payments an account received, newest first.
MATCH (a:Account {id: $id})
WITH a, COUNT { (:Payment)-[:TO]->(a) } AS total
CALL (a) {
  MATCH (x:Payment)-[:TO]->(a)
  WHERE $after IS NULL OR x.paidAt < datetime($after[0]) OR (x.paidAt = datetime($after[0]) AND x.id < $after[1])
  WITH x ORDER BY x.paidAt DESC, x.id DESC LIMIT $limit
  MATCH (payer:Account)-[:SENT]->(x)
  RETURN collect({node: x {.*, payerId: payer.id, payeeId: a.id, orderId: head([(x)-[:REIMBURSES]->(o) | o.id])}, key: [toString(x.paidAt), x.id]}) AS page
}
RETURN total, page
