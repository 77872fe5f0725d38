// Batch look-up of orders by id, with buyer and product ids (DataLoader).
UNWIND $ids AS id
MATCH (a:Account)-[:PLACED]->(o:Order {id: id})-[:OF]->(p:Product)
RETURN o {.*, accountId: a.id, productId: p.id} AS node
