// Load a batch of reviews.csv rows; an order_id must be an order of the same account for the same product.
UNWIND $rows AS row
OPTIONAL MATCH (existing:Review {id: row.id})
OPTIONAL MATCH (a:Account {id: row.accountId})
OPTIONAL MATCH (p:Product {id: row.productId})
OPTIONAL MATCH (o:Order {id: row.orderId})
WITH row, existing, a, p, o,
     [x IN [
        CASE WHEN a IS NULL THEN {column: 'account_id', reason: 'unknown account id'} END,
        CASE WHEN p IS NULL THEN {column: 'product_id', reason: 'unknown product id'} END,
        CASE WHEN row.orderId IS NOT NULL AND o IS NULL THEN {column: 'order_id', reason: 'unknown order id'} END,
        CASE WHEN o IS NOT NULL AND a IS NOT NULL AND p IS NOT NULL AND NOT EXISTS { (a)-[:PLACED]->(o)-[:OF]->(p) }
             THEN {column: 'order_id', reason: 'order was not placed by this account for this product'} END
      ] WHERE x IS NOT NULL] AS refProblems
WITH row, existing, a, p, o, refProblems,
     CASE WHEN existing IS NULL OR size(refProblems) > 0 THEN [] ELSE
       [k IN keys(row.props) WHERE NOT coalesce(existing[k] = row.props[k], existing[k] IS NULL AND row.props[k] IS NULL) | {column: $columns[k], reason: 'duplicate id with different content (stored: ' + coalesce(toString(existing[k]), 'empty') + ')'}] +
       CASE WHEN NOT EXISTS { (a)-[:WROTE]->(existing)-[:ABOUT]->(p) }
            THEN [{column: 'account_id', reason: 'duplicate id with a different account or product'}] ELSE [] END +
       CASE WHEN coalesce(row.orderId, '') <> coalesce(head([(existing)-[:FOR_ORDER]->(x) | x.id]), '')
            THEN [{column: 'order_id', reason: 'duplicate id with a different order'}] ELSE [] END
     END AS conflicts
WITH row, existing, a, p, o, refProblems + conflicts AS problems
CALL (row, existing, a, p, o, problems) {
  WITH * WHERE existing IS NULL AND size(problems) = 0
  CREATE (r:Review {id: row.id})
  SET r += row.props
  CREATE (a)-[:WROTE]->(r)
  CREATE (r)-[:ABOUT]->(p)
  FOREACH (x IN CASE WHEN o IS NULL THEN [] ELSE [o] END | CREATE (r)-[:FOR_ORDER]->(x))
}
RETURN [r IN collect(CASE WHEN size(problems) > 0 THEN {line: row.line, problems: problems} END) WHERE r IS NOT NULL] AS rejected,
       sum(CASE WHEN existing IS NULL AND size(problems) = 0 THEN 1 ELSE 0 END) AS created
