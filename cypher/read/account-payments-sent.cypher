// Payments an account sent, newest first.
MATCH (a:Account {id: $id})
WITH a, COUNT { (a)-[:SENT]->(:Payment) } AS total
CALL (a) {
  MATCH (a)-[:SENT]->(x:Payment)
  WHERE $after IS NULL OR x.paidAt < datetime($after[0]) OR (x.paidAt = datetime($after[0]) AND x.id < $after[1])
  WITH x ORDER BY x.paidAt DESC, x.id DESC LIMIT $limit
  MATCH (x)-[:TO]->(payee:Account)
  RETURN collect({node: x {.*, payerId: a.id, payeeId: payee.id, orderId: head([(x)-[:REIMBURSES]->(o) | o.id])}, key: [toString(x.paidAt), x.id]}) AS page
}
RETURN total, page
