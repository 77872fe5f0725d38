// First and last review time (index-backed): the span a product's rate of low reviews is measured over.
CALL () {
  MATCH (r:Review) WHERE r.createdAt IS NOT NULL
  RETURN r.createdAt.epochSeconds AS first ORDER BY r.createdAt ASC LIMIT 1
}
CALL () {
  MATCH (r:Review) WHERE r.createdAt IS NOT NULL
  RETURN r.createdAt.epochSeconds AS last ORDER BY r.createdAt DESC LIMIT 1
}
RETURN first, last
