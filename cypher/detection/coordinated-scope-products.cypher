// Products an on-demand coordinated-purchase run starts from: the product, or the shop's products (an account starts from its own orders).
CALL () {
  MATCH (:Account {id: $accountId})-[:PLACED]->(:Order)-[:OF]->(p:Product)
  RETURN p
  UNION
  MATCH (p:Product {id: $productId})
  RETURN p
  UNION
  MATCH (:Merchant {id: $merchantId})<-[:SOLD_BY]-(p:Product)
  RETURN p
}
RETURN p.id AS id
