// Orders placed within $gapSeconds of the same account's previous or next order: the candidates for sittings of
// several products, split and checked in the process, so the single purchases that are most orders never leave the
// database. Every account in a full run ($productIds null); in a scoped run, the buyers of $productIds.
CALL {
  MATCH (a:Account)
  WHERE $productIds IS NULL
  RETURN a
  UNION
  UNWIND coalesce($productIds, []) AS productId
  MATCH (:Product {id: productId})<-[:OF]-(:Order)<-[:PLACED]-(a:Account)
  RETURN a
}
WITH a
WHERE COUNT { (a)-[:PLACED]->() } >= 2
CALL (a) {
  MATCH (a)-[:PLACED]->(o:Order)
  WITH o, o.placedAt.epochSeconds AS t
  ORDER BY t
  WITH collect(o) AS os, collect(t) AS ts
  UNWIND range(0, size(ts) - 1) AS i
  WITH os, ts, i
  WHERE (i > 0 AND ts[i] - ts[i - 1] <= $gapSeconds) OR (i + 1 < size(ts) AND ts[i + 1] - ts[i] <= $gapSeconds)
  RETURN os[i] AS o, ts[i] AS t
}
MATCH (o)-[:OF]->(p:Product)
RETURN a.id AS accountId, o.id AS orderId, p.id AS productId, t, o.browseSeconds AS browse
