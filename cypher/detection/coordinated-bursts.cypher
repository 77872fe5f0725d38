// Bursts of $productIds: time buckets where unusually many distinct accounts bought the product.
// Buckets are 2 windows wide at two offsets, so any group buying within one window falls whole into some bucket.
// A bucket is a burst when it has between minBurstBuyers and maxBurstBuyers buyers (more is a flash sale)
// and burstSigma Poisson deviations above the product's own baseline (popular products bought as camouflage do not burst).
// Orders are bucketed first by time alone; buyers are looked up only in buckets with enough orders to be a burst
// (a bucket has at least as many orders as buyers), which skips nearly every order at a million accounts.
UNWIND $productIds AS productId
MATCH (p:Product {id: productId})<-[:OF]-(o:Order)
WITH productId, collect({o: o, t: o.placedAt.epochSeconds}) AS orders
WITH productId, orders, size(orders) AS total
WITH productId, orders, total, total * 2.0 * $windowSeconds / $spanSeconds AS baseline
WITH productId, orders, total, baseline + $burstSigma * sqrt(baseline) AS expected
UNWIND [0, 1] AS shift
UNWIND orders AS x
WITH productId, total, expected, shift, toInteger(floor((x.t + shift * $windowSeconds) / (2.0 * $windowSeconds))) AS bucket, x
WITH productId, total, expected, shift, bucket, collect(x) AS xs
WHERE size(xs) >= $minBurstBuyers AND size(xs) >= expected
CALL (xs) {
  UNWIND xs AS x
  WITH x.o AS o, x.t AS t
  MATCH (o)<-[:PLACED]-(a:Account)
  RETURN collect({accountId: a.id, orderId: o.id, t: t, browse: o.browseSeconds}) AS orders, count(DISTINCT a.id) AS buyers
}
WITH productId, total, expected, orders, buyers
WHERE buyers >= $minBurstBuyers AND buyers <= $maxBurstBuyers AND buyers >= expected
RETURN productId, total, orders
