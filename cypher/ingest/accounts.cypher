// Load a batch of accounts.csv rows. A row whose id exists with other content is rejected, or with $update applied.
UNWIND $rows AS row
OPTIONAL MATCH (existing:Account {id: row.id})
WITH row, existing,
     CASE WHEN existing IS NULL THEN [] ELSE
       [k IN keys(row.props) WHERE NOT coalesce(existing[k] = row.props[k], existing[k] IS NULL AND row.props[k] IS NULL) | {column: $columns[k], before: existing[k], after: row.props[k]}]
     END AS diffs
WITH row, existing, diffs,
     CASE WHEN existing IS NULL OR $update THEN [] ELSE
       [d IN diffs | {column: d.column, reason: 'duplicate id with different content (stored: ' + coalesce(toString(d.before), 'empty') + ')'}]
     END AS problems
CALL (row, existing) {
  WITH row WHERE existing IS NULL
  CREATE (a:Account {id: row.id})
  SET a += row.props
}
CALL (row, existing, problems, diffs) {
  WITH * WHERE $update AND existing IS NOT NULL AND size(problems) = 0 AND size(diffs) > 0
  SET existing += row.props
}
RETURN [r IN collect(CASE WHEN size(problems) > 0 THEN {line: row.line, problems: problems} END) WHERE r IS NOT NULL] AS rejected,
       sum(CASE WHEN existing IS NULL THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN existing IS NOT NULL AND size(diffs) = 0 THEN 1 ELSE 0 END) AS unchanged,
       [c IN collect(CASE WHEN $update AND size(diffs) > 0 THEN {line: row.line, id: row.id, diffs: diffs} END) WHERE c IS NOT NULL] AS changes
