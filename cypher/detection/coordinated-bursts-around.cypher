// Bursts on the products at least $minSeedBuyers of $accountIds bought, near the times they bought them (scoped coordinated-purchase).
// Only orders within two windows of one of theirs are read, so a popular product's whole history is never collected;
// every bucket holding one of their orders is still complete. Thresholds as in coordinated-bursts.
UNWIND $accountIds AS accountId
MATCH (:Account {id: accountId})-[:PLACED]->(seed:Order)-[:OF]->(p:Product)
WITH p, collect(DISTINCT seed.placedAt.epochSeconds) AS seedTimes, count(DISTINCT accountId) AS seedBuyers
// Products too few of the accounts bought cannot hold their lockstep window (skips most camouflage purchases).
WHERE seedBuyers >= $minSeedBuyers
WITH p, seedTimes, COUNT { (p)<-[:OF]-() } AS total
WHERE total >= $minBurstBuyers
MATCH (p)<-[:OF]-(o:Order)
WITH p, seedTimes, total, o, o.placedAt.epochSeconds AS t
WHERE any(s IN seedTimes WHERE abs(t - s) <= 2 * $windowSeconds)
MATCH (o)<-[:PLACED]-(a:Account)
WITH p.id AS productId, total, collect({accountId: a.id, orderId: o.id, t: t, browse: o.browseSeconds}) AS orders
WITH productId, orders, total, total * 2.0 * $windowSeconds / $spanSeconds AS baseline
WITH productId, orders, total, baseline + $burstSigma * sqrt(baseline) AS expected
UNWIND [0, 1] AS shift
UNWIND orders AS x
WITH productId, total, expected, shift, toInteger(floor((x.t + shift * $windowSeconds) / (2.0 * $windowSeconds))) AS bucket, x
WITH productId, total, expected, shift, bucket, collect(x) AS xs, count(DISTINCT x.accountId) AS buyers
WHERE buyers >= $minBurstBuyers AND buyers <= $maxBurstBuyers AND buyers >= expected
RETURN productId, total, xs AS orders
