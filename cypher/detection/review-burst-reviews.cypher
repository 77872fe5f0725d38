// Every review of $productIds in time order, as parallel lists per product (fewer records to decode at millions of
// reviews; numbers as floats, which decode without 64-bit integer objects). Ids and authors are returned for extreme reviews only (>= $minRating or <= $maxLowRating stars), the
// only ones a burst or a group is made of; the others count towards the product's rate and rating mix.
// An author is new when the account was created at most $newAccountSeconds before the review (GSRank's account age;
// a reviews-only export dates an account by its first review). `ordered`: whether each review is backed by an order
// (where orders are in the data, a burst of reviews nobody bought for stands out against the product's others).
UNWIND $productIds AS productId
MATCH (:Product {id: productId})<-[:ABOUT]-(r:Review)<-[:WROTE]-(a:Account)
WITH productId, r, a, EXISTS { (r)-[:FOR_ORDER]->() } AS ordered
WITH productId, r, a, ordered,
     (r.rating >= $minRating OR r.rating <= $maxLowRating) AND ($orderedReviews OR NOT ordered) AS extreme
ORDER BY productId, r.createdAt, r.id
WITH productId,
     collect(ordered) AS ordered,
     collect(CASE WHEN extreme THEN r.id ELSE '' END) AS ids,
     collect(CASE WHEN extreme THEN a.id ELSE '' END) AS accounts,
     collect(toFloat(r.createdAt.epochSeconds)) AS times,
     collect(toFloat(r.rating)) AS ratings,
     collect(toFloat(r.createdAt.epochSeconds - a.createdAt.epochSeconds)) AS ages
RETURN productId, ids, accounts, times, ratings, ages, ordered
