// Per product of $productIds: its orders, those with a boosting review (>= $minRating within $reviewWithinSeconds,
// linked to the order) and those browsed within the task's dwell band, in all and per keyword; only keywords leading
// to at least $minOrders in-band orders come back as cells, with the keywords of the product's cells that were tested
// (those of at least $minOrders orders).
UNWIND $productIds AS productId
MATCH (:Product {id: productId})<-[:OF]-(o:Order)
WITH productId, o, o.placedAt AS placed, o.browseSeconds AS browse
WITH productId, o.keyword AS keyword, browse,
     EXISTS {
       (o)<-[:FOR_ORDER]-(r:Review)
       WHERE r.rating >= $minRating AND r.createdAt >= placed AND r.createdAt <= placed + duration({seconds: $reviewWithinSeconds})
     } AS boosted
WITH productId, keyword,
     count(*) AS orders,
     sum(CASE WHEN boosted THEN 1 ELSE 0 END) AS boosted,
     count(browse) AS browsed,
     sum(CASE WHEN browse >= $dwellMinSeconds AND browse <= $dwellMaxSeconds THEN 1 ELSE 0 END) AS inBand,
     sum(CASE WHEN boosted AND browse >= $dwellMinSeconds AND browse <= $dwellMaxSeconds THEN 1 ELSE 0 END) AS boostedInBand
WITH productId,
     sum(orders) AS orders, sum(boosted) AS boosted, sum(browsed) AS browsed, sum(inBand) AS inBand,
     collect(CASE WHEN keyword IS NOT NULL AND orders >= $minOrders THEN keyword END) AS tested,
     collect(CASE WHEN keyword IS NOT NULL AND inBand >= $minOrders
                  THEN {keyword: keyword, orders: orders, boosted: boosted, browsed: browsed, inBand: inBand, boostedInBand: boostedInBand} END) AS cells
RETURN productId, orders, boosted, browsed, inBand, tested, cells
