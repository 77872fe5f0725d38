// After --update gave orders another buyer or product: stored reviews of those orders that no longer match them
// (a review's order must be its author's order of its product), for the load report.
UNWIND $orderIds AS orderId
MATCH (o:Order {id: orderId})<-[:FOR_ORDER]-(r:Review)
MATCH (author:Account)-[:WROTE]->(r)-[:ABOUT]->(p:Product)
WHERE NOT EXISTS { (author)-[:PLACED]->(o)-[:OF]->(p) }
RETURN r.id AS review, author.id AS account, p.id AS product, o.id AS order,
       head([(b)-[:PLACED]->(o) | b.id]) AS buyer, head([(o)-[:OF]->(q) | q.id]) AS orderProduct
ORDER BY review
