// Every review of $productIds in time order, as parallel lists per product (fewer records to decode at millions of
// reviews; numbers as floats, which decode without 64-bit integer objects). Ids and authors are returned for extreme reviews only (>= $minRating or <= $maxLowRating stars), the
// only ones a burst or a group is made of; the others count towards the product's rate and rating mix. Whether an
// order backs each review comes back for all of them (a burst's reviews without orders against the product's others).
// An author is new when the account was created at most $newAccountSeconds before the review (GSRank's account age;
// a reviews-only export dates an account by its first review).
UNWIND $productIds AS productId
MATCH (:Product {id: productId})<-[:ABOUT]-(r:Review)<-[:WROTE]-(a:Account)
WITH productId, r, a, NOT EXISTS { (r)-[:FOR_ORDER]->() } AS unordered
WITH productId, r, a, unordered,
     (r.rating >= $minRating OR r.rating <= $maxLowRating) AND ($orderedReviews OR unordered) AS extreme
ORDER BY productId, r.createdAt, r.id
WITH productId,
     collect(CASE WHEN extreme THEN r.id ELSE '' END) AS ids,
     collect(CASE WHEN extreme THEN a.id ELSE '' END) AS accounts,
     collect(toFloat(r.createdAt.epochSeconds)) AS times,
     collect(toFloat(r.rating)) AS ratings,
     collect(toFloat(r.createdAt.epochSeconds - a.createdAt.epochSeconds)) AS ages,
     collect(CASE WHEN unordered THEN 1.0 ELSE 0.0 END) AS unordered
RETURN productId, ids, accounts, times, ratings, ages, unordered
