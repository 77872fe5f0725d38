// Load a batch of orders.csv rows: (:Account)-[:PLACED]->(:Order)-[:OF]->(:Product). A stored order whose row
// differs is rejected, or with $update takes the row's properties, buyer and product (the old PLACED/OF replaced).
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
     CASE WHEN existing IS NULL THEN [] ELSE
       [k IN keys(row.props) WHERE NOT coalesce(existing[k] = row.props[k], existing[k] IS NULL AND row.props[k] IS NULL) | {column: $columns[k], before: existing[k], after: row.props[k]}] +
       [d IN [
          {column: 'account_id', before: head([(b)-[:PLACED]->(existing) | b.id]), after: row.accountId},
          {column: 'product_id', before: head([(existing)-[:OF]->(q) | q.id]), after: row.productId}
        ] WHERE coalesce(d.before, '') <> coalesce(d.after, '')]
     END AS diffs
WITH row, existing, a, p, refProblems, diffs,
     CASE WHEN existing IS NULL OR size(refProblems) > 0 OR $update THEN [] ELSE
       [d IN diffs WHERE NOT d.column IN ['account_id', 'product_id'] | {column: d.column, reason: 'duplicate id with different content (stored: ' + coalesce(toString(d.before), 'empty') + ')'}] +
       CASE WHEN any(d IN diffs WHERE d.column IN ['account_id', 'product_id'])
            THEN [{column: 'account_id', reason: 'duplicate id with a different account or product'}] ELSE [] END
     END AS conflicts
WITH row, existing, a, p, refProblems + conflicts AS problems, diffs
CALL (row, existing, a, p, problems) {
  WITH * WHERE existing IS NULL AND size(problems) = 0
  CREATE (o:Order {id: row.id})
  SET o += row.props
  CREATE (a)-[:PLACED]->(o)
  CREATE (o)-[:OF]->(p)
}
CALL (row, existing, a, p, problems, diffs) {
  WITH * WHERE $update AND existing IS NOT NULL AND size(problems) = 0 AND size(diffs) > 0
  SET existing += row.props
  WITH existing, a, p, [d IN diffs | d.column] AS changed
  CALL (existing, a, changed) {
    WITH * WHERE 'account_id' IN changed
    OPTIONAL MATCH ()-[old:PLACED]->(existing)
    DELETE old
    WITH DISTINCT existing, a
    CREATE (a)-[:PLACED]->(existing)
  }
  CALL (existing, p, changed) {
    WITH * WHERE 'product_id' IN changed
    OPTIONAL MATCH (existing)-[old:OF]->()
    DELETE old
    WITH DISTINCT existing, p
    CREATE (existing)-[:OF]->(p)
  }
}
RETURN [r IN collect(CASE WHEN size(problems) > 0 THEN {line: row.line, problems: problems} END) WHERE r IS NOT NULL] AS rejected,
       sum(CASE WHEN existing IS NULL AND size(problems) = 0 THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN existing IS NOT NULL AND size(problems) = 0 AND size(diffs) = 0 THEN 1 ELSE 0 END) AS unchanged,
       [c IN collect(CASE WHEN $update AND size(diffs) > 0 THEN {line: row.line, id: row.id, diffs: diffs} END) WHERE c IS NOT NULL] AS changes
