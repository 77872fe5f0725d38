// The orders inside each burst episode ($episodes: id, productId, start, end in epoch seconds), with their buyers:
// the accounts that bought together. Only burst products are read again, and only their orders in the episode.
UNWIND $episodes AS e
MATCH (:Product {id: e.productId})<-[:OF]-(o:Order)
WITH e, o, o.placedAt.epochSeconds AS t
WHERE t >= e.start AND t <= e.end
MATCH (o)<-[:PLACED]-(a:Account)
RETURN e.id AS episode, a.id AS accountId, o.id AS orderId, t, o.browseSeconds AS browse
