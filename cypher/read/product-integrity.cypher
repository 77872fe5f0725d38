// How much of a product's rating and sales comes from ring members of the current run, and its purchase bursts.
// Orders are counted by the hour in the query and only the $maxBursts busiest hours come back (a top-k), so a
// best-seller's orders are never gathered into one list.
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
  WITH a, EXISTS { (a)-[:MEMBER_OF]->(:Ring {runId: runId}) } AS flagged
  RETURN count(*) AS orderCount, sum(CASE WHEN flagged THEN 1 ELSE 0 END) AS ringOrderCount
}
CALL (p, runId) {
  MATCH (a:Account)-[:PLACED]->(o:Order)-[:OF]->(p)
  WITH datetime.truncate('hour', o.placedAt) AS hour, a
  WITH hour, count(*) AS n, collect(DISTINCT a) AS accounts
  WHERE n >= $minBurstOrders
  WITH hour, n, accounts ORDER BY n DESC, hour LIMIT $maxBursts
  RETURN collect({
    start: hour, orders: n, buyers: size(accounts),
    ringBuyers: size([x IN accounts WHERE EXISTS { (x)-[:MEMBER_OF]->(:Ring {runId: runId}) }])
  }) AS bursts
}
RETURN reviewCount, averageRating, ringReviewCount, averageRatingWithoutRings, orderCount, ringOrderCount, bursts
