// Order times of $productIds, sorted: the product's own purchase history, scanned in the process for bursts
// at several window widths (one property per order, aggregated per product, so no order leaves as a row).
UNWIND $productIds AS productId
MATCH (:Product {id: productId})<-[:OF]-(o:Order)
WITH productId, o.placedAt.epochSeconds AS t
ORDER BY t
RETURN productId, collect(t) AS times
