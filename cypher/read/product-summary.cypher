// Order and review counts and the average rating of one product.
MATCH (p:Product {id: $id})
CALL (p) { MATCH (r:Review)-[:ABOUT]->(p) RETURN avg(r.rating) AS averageRating, count(r) AS reviewCount }
RETURN COUNT { (:Order)-[:OF]->(p) } AS orderCount, reviewCount, averageRating
