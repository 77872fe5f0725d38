// Reviews members wrote of the group's products, and the merchants selling them: how quickly and how well they reviewed.
UNWIND $pairs AS pair
MATCH (:Account {id: pair.accountId})-[:WROTE]->(r:Review)-[:ABOUT]->(:Product {id: pair.productId})
RETURN pair.accountId AS accountId, pair.productId AS productId, r.id AS id, r.rating AS rating, r.createdAt.epochSeconds AS at
