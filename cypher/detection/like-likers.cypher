// Like brushing: each candidate liker's own activity, the null model's input: all its likes, and its likes (at any
// delay) on the boosting reviews of the shop it is a candidate for.
UNWIND $pairs AS pair
MATCH (a:Account {id: pair.accountId})
RETURN pair.accountId AS accountId, pair.merchantId AS merchantId, COUNT { (a)-[:LIKED]->() } AS likes,
       COUNT { (a)-[:LIKED]->(r:Review)-[:ABOUT]->(:Product)-[:SOLD_BY]->(:Merchant {id: pair.merchantId})
               WHERE r.rating >= $minRating } AS shopLikes
