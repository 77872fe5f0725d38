// First and last order time (index-backed): the span a product's baseline order rate is measured over.
CALL () {
  MATCH (o:Order) WHERE o.placedAt IS NOT NULL
  RETURN o.placedAt.epochSeconds AS first ORDER BY o.placedAt ASC LIMIT 1
}
CALL () {
  MATCH (o:Order) WHERE o.placedAt IS NOT NULL
  RETURN o.placedAt.epochSeconds AS last ORDER BY o.placedAt DESC LIMIT 1
}
RETURN first, last
