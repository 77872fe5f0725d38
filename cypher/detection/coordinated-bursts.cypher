// Bursts of $productIds: time buckets where unusually many distinct accounts bought the product.
// Buckets are 2 windows wide at two offsets, so any group buying within one window falls whole into some bucket.
// A bucket is a burst when it has between minBurstBuyers and maxBurstBuyers buyers (more is a flash sale)
// and burstSigma Poisson deviations above the product's own baseline (popular products bought as camouflage do not burst).
UNWIND $productIds AS productId
MATCH (p:Product {id: productId})<-[:OF]-(o:Order)<-[:PLACED]-(a:Account)
WITH productId, collect({accountId: a.id, orderId: o.id, t: o.placedAt.epochSeconds, browse: o.browseSeconds}) AS orders
WITH productId, orders, size(orders) AS total
WITH productId, orders, total, total * 2.0 * $windowSeconds / $spanSeconds AS baseline
WITH productId, orders, total, baseline + $burstSigma * sqrt(baseline) AS expected
UNWIND [0, 1] AS shift
UNWIND orders AS x
WITH productId, total, expected, shift, toInteger(floor((x.t + shift * $windowSeconds) / (2.0 * $windowSeconds))) AS bucket, x
WITH productId, total, expected, shift, bucket, collect(x) AS xs, count(DISTINCT x.accountId) AS buyers
WHERE buyers >= $minBurstBuyers AND buyers <= $maxBurstBuyers AND buyers >= expected
RETURN productId, total, xs AS orders
