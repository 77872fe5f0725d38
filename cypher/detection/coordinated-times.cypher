// Order times of $productIds, sorted, with the buyer of each: the product's own purchase history, scanned in the
// process for bursts at several window widths and searched for accounts that keep buying together (one row per
// product, so no order leaves as a row).
UNWIND $productIds AS productId
MATCH (:Product {id: productId})<-[:OF]-(o:Order)<-[:PLACED]-(a:Account)
WITH productId, o.placedAt.epochSeconds AS t, a.id AS buyer
ORDER BY t
RETURN productId, collect(t) AS times, collect(buyer) AS buyers
