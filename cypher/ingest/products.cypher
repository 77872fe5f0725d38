// Load a batch of products.csv rows, each sold by a known merchant. A stored product whose row differs is
// rejected, or with $update takes the row's title, price and merchant (the old SOLD_BY replaced).
UNWIND $rows AS row
OPTIONAL MATCH (existing:Product {id: row.id})
OPTIONAL MATCH (merchant:Merchant {id: row.merchantId})
WITH row, existing, merchant,
     CASE WHEN merchant IS NULL THEN [{column: 'merchant_id', reason: 'unknown merchant id'}] ELSE [] END AS refProblems
WITH row, existing, merchant, refProblems,
     CASE WHEN existing IS NULL THEN [] ELSE
       [k IN keys(row.props) WHERE NOT coalesce(existing[k] = row.props[k], existing[k] IS NULL AND row.props[k] IS NULL) | {column: $columns[k], before: existing[k], after: row.props[k]}] +
       [d IN [
          {column: 'merchant_id', before: head([(existing)-[:SOLD_BY]->(m) | m.id]), after: row.merchantId}
        ] WHERE coalesce(d.before, '') <> coalesce(d.after, '')]
     END AS diffs
WITH row, existing, merchant, refProblems, diffs,
     CASE WHEN existing IS NULL OR size(refProblems) > 0 OR $update THEN [] ELSE
       [d IN diffs WHERE d.column <> 'merchant_id' | {column: d.column, reason: 'duplicate id with different content (stored: ' + coalesce(toString(d.before), 'empty') + ')'}] +
       CASE WHEN any(d IN diffs WHERE d.column = 'merchant_id')
            THEN [{column: 'merchant_id', reason: 'duplicate id with a different merchant'}] ELSE [] END
     END AS conflicts
WITH row, existing, merchant, refProblems + conflicts AS problems, diffs
CALL (row, existing, merchant, problems) {
  WITH * WHERE existing IS NULL AND size(problems) = 0
  CREATE (p:Product {id: row.id})
  SET p += row.props
  CREATE (p)-[:SOLD_BY]->(merchant)
}
CALL (row, existing, merchant, problems, diffs) {
  WITH * WHERE $update AND existing IS NOT NULL AND size(problems) = 0 AND size(diffs) > 0
  SET existing += row.props
  WITH existing, merchant, [d IN diffs | d.column] AS changed
  CALL (existing, merchant, changed) {
    WITH * WHERE 'merchant_id' IN changed
    OPTIONAL MATCH (existing)-[old:SOLD_BY]->()
    DELETE old
    WITH DISTINCT existing, merchant
    CREATE (existing)-[:SOLD_BY]->(merchant)
  }
}
RETURN [r IN collect(CASE WHEN size(problems) > 0 THEN {line: row.line, problems: problems} END) WHERE r IS NOT NULL] AS rejected,
       sum(CASE WHEN existing IS NULL AND size(problems) = 0 THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN existing IS NOT NULL AND size(problems) = 0 AND size(diffs) = 0 THEN 1 ELSE 0 END) AS unchanged,
       [c IN collect(CASE WHEN $update AND size(diffs) > 0 THEN {line: row.line, id: row.id, diffs: diffs} END) WHERE c IS NOT NULL] AS changes
