// The orders of each ($cells: productId, keyword) with their buyers, boosting reviews and whether the buyer had bought
// from the shop before: the evidence of a task-brushing cell.
UNWIND $cells AS cell
MATCH (p:Product {id: cell.productId})<-[:OF]-(o:Order {keyword: cell.keyword})<-[:PLACED]-(a:Account)
MATCH (p)-[:SOLD_BY]->(m:Merchant)
OPTIONAL CALL (o) {
  MATCH (o)<-[:FOR_ORDER]-(r:Review)
  WHERE r.rating >= $minRating AND r.createdAt >= o.placedAt AND r.createdAt <= o.placedAt + duration({seconds: $reviewWithinSeconds})
  RETURN r ORDER BY r.createdAt LIMIT 1
}
RETURN cell.productId AS productId, cell.keyword AS keyword, m.id AS merchantId, a.id AS accountId, o.id AS orderId,
       o.placedAt.epochSeconds AS t, o.browseSeconds AS browse,
       r.id AS reviewId, r.rating AS rating, r.createdAt.epochSeconds AS reviewedAt, r.text AS text,
       NOT EXISTS { (a)-[:PLACED]->(e:Order)-[:OF]->(:Product)-[:SOLD_BY]->(m) WHERE e.placedAt < o.placedAt } AS newToShop
