// The data behind a ring: its members and evidence, and every relationship among them, for drawing.
CALL () {
  MATCH (n:Account) WHERE n.id IN $accounts RETURN n
  UNION MATCH (n:Device) WHERE n.id IN $devices RETURN n
  UNION MATCH (n:Payment) WHERE n.id IN $payments RETURN n
  UNION MATCH (n:Product) WHERE n.id IN $products RETURN n
  UNION MATCH (n:Merchant) WHERE n.id IN $merchants RETURN n
  UNION MATCH (n:Order) WHERE n.id IN $orders RETURN n
  UNION MATCH (n:Review) WHERE n.id IN $reviews RETURN n
}
WITH collect(n) AS nodes
CALL (nodes) {
  UNWIND nodes AS x
  MATCH (x)-[rel]->(y)
  // Membership tested against the parameter lists (a hashed look-up), not the node list (a scan per relationship).
  WHERE (y:Account AND y.id IN $accounts) OR (y:Device AND y.id IN $devices) OR (y:Payment AND y.id IN $payments)
     OR (y:Product AND y.id IN $products) OR (y:Merchant AND y.id IN $merchants) OR (y:Order AND y.id IN $orders)
     OR (y:Review AND y.id IN $reviews)
  RETURN collect(rel) AS rels
}
// Without $properties only what identifies each element crosses the wire (review texts are most of the bytes).
RETURN CASE WHEN $properties THEN nodes
            ELSE [n IN nodes | {labels: labels(n), elementId: elementId(n), properties: {id: n.id}}] END AS nodes,
       CASE WHEN $properties THEN rels
            ELSE [r IN rels | {type: type(r), startNodeElementId: elementId(startNode(r)),
                               endNodeElementId: elementId(endNode(r)), properties: {}}] END AS rels
