// Load a batch of reviews.csv rows; an order_id must be an order of the same account for the same product. A stored
// review whose row differs is rejected, or with $update takes the row's values, author, product and order (the old
// WROTE/ABOUT/FOR_ORDER replaced; likes of the review stay, as they belong to review_likes rows).
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
     CASE WHEN existing IS NULL THEN [] ELSE
       [k IN keys(row.props) WHERE NOT coalesce(existing[k] = row.props[k], existing[k] IS NULL AND row.props[k] IS NULL) | {column: $columns[k], before: existing[k], after: row.props[k]}] +
       [d IN [
          {column: 'account_id', before: head([(b)-[:WROTE]->(existing) | b.id]), after: row.accountId},
          {column: 'product_id', before: head([(existing)-[:ABOUT]->(q) | q.id]), after: row.productId},
          {column: 'order_id', before: head([(existing)-[:FOR_ORDER]->(x) | x.id]), after: row.orderId}
        ] WHERE coalesce(d.before, '') <> coalesce(d.after, '')]
     END AS diffs
WITH row, existing, a, p, o, refProblems, diffs,
     CASE WHEN existing IS NULL OR size(refProblems) > 0 OR $update THEN [] ELSE
       [d IN diffs WHERE NOT d.column IN ['account_id', 'product_id', 'order_id'] | {column: d.column, reason: 'duplicate id with different content (stored: ' + coalesce(toString(d.before), 'empty') + ')'}] +
       CASE WHEN any(d IN diffs WHERE d.column IN ['account_id', 'product_id'])
            THEN [{column: 'account_id', reason: 'duplicate id with a different account or product'}] ELSE [] END +
       CASE WHEN any(d IN diffs WHERE d.column = 'order_id')
            THEN [{column: 'order_id', reason: 'duplicate id with a different order'}] ELSE [] END
     END AS conflicts
WITH row, existing, a, p, o, refProblems + conflicts AS problems, diffs
CALL (row, existing, a, p, o, problems) {
  WITH * WHERE existing IS NULL AND size(problems) = 0
  CREATE (r:Review {id: row.id})
  SET r += row.props
  CREATE (a)-[:WROTE]->(r)
  CREATE (r)-[:ABOUT]->(p)
  FOREACH (x IN CASE WHEN o IS NULL THEN [] ELSE [o] END | CREATE (r)-[:FOR_ORDER]->(x))
}
CALL (row, existing, a, p, o, problems, diffs) {
  WITH * WHERE $update AND existing IS NOT NULL AND size(problems) = 0 AND size(diffs) > 0
  SET existing += row.props
  WITH existing, a, p, o, [d IN diffs | d.column] AS changed
  CALL (existing, a, changed) {
    WITH * WHERE 'account_id' IN changed
    OPTIONAL MATCH ()-[old:WROTE]->(existing)
    DELETE old
    WITH DISTINCT existing, a
    CREATE (a)-[:WROTE]->(existing)
  }
  CALL (existing, p, changed) {
    WITH * WHERE 'product_id' IN changed
    OPTIONAL MATCH (existing)-[old:ABOUT]->()
    DELETE old
    WITH DISTINCT existing, p
    CREATE (existing)-[:ABOUT]->(p)
  }
  CALL (existing, o, changed) {
    WITH * WHERE 'order_id' IN changed
    OPTIONAL MATCH (existing)-[old:FOR_ORDER]->()
    DELETE old
    WITH DISTINCT existing, o
    FOREACH (x IN CASE WHEN o IS NULL THEN [] ELSE [o] END | CREATE (existing)-[:FOR_ORDER]->(x))
  }
}
RETURN [r IN collect(CASE WHEN size(problems) > 0 THEN {line: row.line, problems: problems} END) WHERE r IS NOT NULL] AS rejected,
       sum(CASE WHEN existing IS NULL AND size(problems) = 0 THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN existing IS NOT NULL AND size(problems) = 0 AND size(diffs) = 0 THEN 1 ELSE 0 END) AS unchanged,
       [c IN collect(CASE WHEN $update AND size(diffs) > 0 THEN {line: row.line, id: row.id, diffs: diffs} END) WHERE c IS NOT NULL] AS changes
