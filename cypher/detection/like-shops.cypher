// Like brushing, base rates: per shop of $merchantIds, its reviews, boosting (>= $minRating) reviews, the likes they
// got, and how many likes came within $quickSeconds of a boosting review's posting. Likers who quick-liked at least
// two of one shop's boosting reviews are the candidates (one like is no pattern), with the reviews they liked.
UNWIND $merchantIds AS merchantId
MATCH (:Merchant {id: merchantId})<-[:SOLD_BY]-(:Product)<-[:ABOUT]-(r:Review)
WITH merchantId, r, r.rating >= $minRating AS boosting, COUNT { (r)<-[:LIKED]-() } AS likes
WITH merchantId, count(r) AS reviews, sum(CASE WHEN boosting THEN 1 ELSE 0 END) AS boostingReviews,
     sum(likes) AS likes, sum(CASE WHEN boosting THEN likes ELSE 0 END) AS boostingLikes,
     collect(CASE WHEN boosting AND likes > 0 THEN r END) AS liked
CALL (liked) {
  UNWIND liked AS r
  MATCH (r)<-[l:LIKED]-(a:Account)
  WHERE l.at >= r.createdAt AND l.at <= r.createdAt + duration({seconds: $quickSeconds})
  WITH a, collect({reviewId: r.id, lag: l.at.epochSeconds - r.createdAt.epochSeconds}) AS quick
  RETURN sum(size(quick)) AS quickLikes,
         collect(CASE WHEN size(quick) >= 2 THEN {accountId: a.id, quick: quick} END) AS candidates
}
RETURN merchantId, reviews, boostingReviews, likes, boostingLikes, quickLikes, candidates
