// Load a batch of orders.csv rows: (:Account)-[:PLACED]->(:Order)-[:OF]->(:Product).
UNWIND $rows AS row
OPTIONAL MATCH (existing:Order {id: row.id})
OPTIONAL MATCH (a:Account {id: row.accountId})
OPTIONAL MATCH (p:Product {id: row.productId})
WITH row, existing, a, p,
     [x IN [
        CASE WHEN a IS NULL THEN {column: 'account_id', reason: 'unknown account id'} END,
        CASE WHEN p IS NULL THEN {column: 'product_id', reason: 'unknown product id'} END
      ] WHERE x IS NOT NULL] AS refProblems
WITH row, existing, a, p, refProblems,
     CASE WHEN existing IS NULL OR size(refProblems) > 0 THEN [] ELSE
       [k IN keys(row.props) WHERE NOT coalesce(existing[k] = row.props[k], existing[k] IS NULL AND row.props[k] IS NULL) | {column: $columns[k], reason: 'duplicate id with different content (stored: ' + coalesce(toString(existing[k]), 'empty') + ')'}] +
       CASE WHEN NOT EXISTS { (a)-[:PLACED]->(existing)-[:OF]->(p) }
            THEN [{column: 'account_id', reason: 'duplicate id with a different account or product'}] ELSE [] END
     END AS conflicts
WITH row, existing, a, p, refProblems + conflicts AS problems
CALL (row, existing, a, p, problems) {
  WITH * WHERE existing IS NULL AND size(problems) = 0
  CREATE (o:Order {id: row.id})
  SET o += row.props
  CREATE (a)-[:PLACED]->(o)
  CREATE (o)-[:OF]->(p)
}
RETURN [r IN collect(CASE WHEN size(problems) > 0 THEN {line: row.line, problems: problems} END) WHERE r IS NOT NULL] AS rejected,
       sum(CASE WHEN existing IS NULL AND size(problems) = 0 THEN 1 ELSE 0 END) AS created
