// Orders, reviews and boosting reviews (>= $minRating) of each of $productIds: what the products' other buyers do, the rate a
// group's boosting is measured against when those buyers rate more generously than the platform.
UNWIND $productIds AS productId
MATCH (p:Product {id: productId})
RETURN productId,
       COUNT { (p)<-[:OF]-(:Order) } AS orders,
       COUNT { (p)<-[:ABOUT]-(r:Review) WHERE r.rating >= $minRating } AS boosting,
       COUNT { (p)<-[:ABOUT]-(:Review) } AS reviews
