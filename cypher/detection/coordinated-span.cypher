// First and last order time (index-backed) and the number of orders: the span and volume a product's baseline
// purchase rate and a member's chance of hitting a window are measured over.
CALL () {
  MATCH (o:Order) WHERE o.placedAt IS NOT NULL
  RETURN o.placedAt.epochSeconds AS first ORDER BY o.placedAt ASC LIMIT 1
}
CALL () {
  MATCH (o:Order) WHERE o.placedAt IS NOT NULL
  RETURN o.placedAt.epochSeconds AS last ORDER BY o.placedAt DESC LIMIT 1
}
CALL () {
  MATCH (o:Order)
  RETURN count(o) AS orders
}
RETURN first, last, orders
