// The shop selling each of $productIds.
UNWIND $productIds AS productId
MATCH (:Product {id: productId})-[:SOLD_BY]->(m:Merchant)
RETURN productId, m.id AS merchantId
