// Like brushing: the liked reviews behind candidate groups: product, rating, posting time, how many liked each (a
// review liked by hundreds is weak evidence that two of its likers act together) and how many of them within
// $quickSeconds (a review everyone likes at once is no sign that its quick likers are organised).
UNWIND $reviewIds AS reviewId
MATCH (r:Review {id: reviewId})-[:ABOUT]->(p:Product)
RETURN reviewId AS id, p.id AS productId, r.rating AS rating, r.createdAt.epochSeconds AS at,
       COUNT { (r)<-[:LIKED]-() } AS likers,
       COUNT { (r)<-[l:LIKED]-() WHERE l.at >= r.createdAt AND l.at <= r.createdAt + duration({seconds: $quickSeconds}) } AS quickLikers
