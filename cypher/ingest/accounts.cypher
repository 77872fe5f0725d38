// Load a batch of accounts.csv rows. A row whose id exists with other content is rejected, never overwritten.
UNWIND $rows AS row
OPTIONAL MATCH (existing:Account {id: row.id})
WITH row, existing,
     CASE WHEN existing IS NULL THEN [] ELSE
       [k IN keys(row.props) WHERE NOT coalesce(existing[k] = row.props[k], existing[k] IS NULL AND row.props[k] IS NULL) | {column: $columns[k], reason: 'duplicate id with different content (stored: ' + coalesce(toString(existing[k]), 'empty') + ')'}]
     END AS problems
CALL (row, existing) {
  WITH row WHERE existing IS NULL
  CREATE (a:Account {id: row.id})
  SET a += row.props
}
WITH row, existing, problems
RETURN [r IN collect(CASE WHEN size(problems) > 0 THEN {line: row.line, problems: problems} END) WHERE r IS NOT NULL] AS rejected,
       sum(CASE WHEN existing IS NULL THEN 1 ELSE 0 END) AS created
