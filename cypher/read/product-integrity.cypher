// How much of a product's rating and sales comes from ring members of the current run, and its purchase bursts.
MATCH (p:Product {id: $id})
OPTIONAL MATCH (run:DetectionRun {current: true})
WITH p, coalesce(run.id, '') AS runId
CALL (p, runId) {
  MATCH (a:Account)-[:WROTE]->(r:Review)-[:ABOUT]->(p)
  WITH r, EXISTS { (a)-[:MEMBER_OF]->(:Ring {runId: runId}) } AS flagged
  RETURN count(r) AS reviewCount,
         avg(r.rating) AS averageRating,
         sum(CASE WHEN flagged THEN 1 ELSE 0 END) AS ringReviewCount,
         avg(CASE WHEN flagged THEN null ELSE r.rating END) AS averageRatingWithoutRings
}
CALL (p, runId) {
  MATCH (a:Account)-[:PLACED]->(o:Order)-[:OF]->(p)
  WITH a, o, EXISTS { (a)-[:MEMBER_OF]->(:Ring {runId: runId}) } AS flagged
  RETURN count(o) AS orderCount, sum(CASE WHEN flagged THEN 1 ELSE 0 END) AS ringOrderCount,
         collect({hour: datetime.truncate('hour', o.placedAt), account: a.id, flagged: flagged}) AS orders
}
CALL (orders) {
  UNWIND orders AS o
  WITH o.hour AS hour, count(*) AS n, count(DISTINCT o.account) AS buyers,
       count(DISTINCT CASE WHEN o.flagged THEN o.account END) AS ringBuyers
  WHERE n >= $minBurstOrders
  WITH hour, n, buyers, ringBuyers ORDER BY n DESC, hour LIMIT $maxBursts
  RETURN collect({start: hour, orders: n, buyers: buyers, ringBuyers: ringBuyers}) AS bursts
}
RETURN reviewCount, averageRating, ringReviewCount, averageRatingWithoutRings, orderCount, ringOrderCount, bursts
