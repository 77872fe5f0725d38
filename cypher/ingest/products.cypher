// Load a batch of products.csv rows, each sold by a known merchant.
UNWIND $rows AS row
OPTIONAL MATCH (existing:Product {id: row.id})
OPTIONAL MATCH (merchant:Merchant {id: row.merchantId})
WITH row, existing, merchant,
     CASE WHEN merchant IS NULL THEN [{column: 'merchant_id', reason: 'unknown merchant id'}] ELSE [] END AS refProblems
WITH row, existing, merchant, refProblems,
     CASE WHEN existing IS NULL OR size(refProblems) > 0 THEN [] ELSE
       [k IN keys(row.props) WHERE NOT coalesce(existing[k] = row.props[k], existing[k] IS NULL AND row.props[k] IS NULL) | {column: $columns[k], reason: 'duplicate id with different content (stored: ' + coalesce(toString(existing[k]), 'empty') + ')'}] +
       CASE WHEN NOT EXISTS { (existing)-[:SOLD_BY]->(merchant) }
            THEN [{column: 'merchant_id', reason: 'duplicate id with a different merchant'}] ELSE [] END
     END AS conflicts
WITH row, existing, merchant, refProblems + conflicts AS problems
CALL (row, existing, merchant, problems) {
  WITH * WHERE existing IS NULL AND size(problems) = 0
  CREATE (p:Product {id: row.id})
  SET p += row.props
  CREATE (p)-[:SOLD_BY]->(merchant)
}
RETURN [r IN collect(CASE WHEN size(problems) > 0 THEN {line: row.line, problems: problems} END) WHERE r IS NOT NULL] AS rejected,
       sum(CASE WHEN existing IS NULL AND size(problems) = 0 THEN 1 ELSE 0 END) AS created
