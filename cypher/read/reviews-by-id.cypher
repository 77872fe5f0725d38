// Batch look-up of reviews by id, with author, product and order ids (DataLoader).
UNWIND $ids AS id
MATCH (a:Account)-[:WROTE]->(r:Review {id: id})-[:ABOUT]->(p:Product)
RETURN r {.*, accountId: a.id, productId: p.id, orderId: head([(r)-[:FOR_ORDER]->(o) | o.id])} AS node
