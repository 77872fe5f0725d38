// Batch look-up of products by id, with their merchant's id (DataLoader).
UNWIND $ids AS id
MATCH (p:Product {id: id})-[:SOLD_BY]->(m:Merchant)
RETURN p {.*, merchantId: m.id} AS node
