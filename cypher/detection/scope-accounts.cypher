// Accounts an on-demand detection starts from: the account, a product's buyers and reviewers, a shop's buyers, reviewers and owner.
// Parameters left null match nothing, so one statement serves every kind of scope.
CALL () {
  MATCH (a:Account {id: $accountId})
  RETURN a
  UNION
  MATCH (:Product {id: $productId})<-[:OF]-(:Order)<-[:PLACED]-(a:Account)
  RETURN a
  UNION
  MATCH (:Product {id: $productId})<-[:ABOUT]-(:Review)<-[:WROTE]-(a:Account)
  RETURN a
  UNION
  MATCH (:Merchant {id: $merchantId})<-[:SOLD_BY]-(:Product)<-[:OF]-(:Order)<-[:PLACED]-(a:Account)
  RETURN a
  UNION
  MATCH (:Merchant {id: $merchantId})<-[:SOLD_BY]-(:Product)<-[:ABOUT]-(:Review)<-[:WROTE]-(a:Account)
  RETURN a
  UNION
  MATCH (:Merchant {id: $merchantId})-[:OWNED_BY]->(a:Account)
  RETURN a
}
RETURN a.id AS id
