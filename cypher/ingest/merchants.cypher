// Load a batch of merchants.csv rows with their optional owner account. A stored merchant whose row differs is
// rejected, or with $update takes the row's name and owner (the old OWNED_BY replaced, or removed for no owner).
UNWIND $rows AS row
OPTIONAL MATCH (existing:Merchant {id: row.id})
OPTIONAL MATCH (owner:Account {id: row.ownerAccountId})
WITH row, existing, owner,
     [p IN [
        CASE WHEN row.ownerAccountId IS NOT NULL AND owner IS NULL THEN {column: 'owner_account_id', reason: 'unknown account id'} END
      ] WHERE p IS NOT NULL] AS refProblems
WITH row, existing, owner, refProblems,
     CASE WHEN existing IS NULL THEN [] ELSE
       [k IN keys(row.props) WHERE NOT coalesce(existing[k] = row.props[k], existing[k] IS NULL AND row.props[k] IS NULL) | {column: $columns[k], before: existing[k], after: row.props[k]}] +
       [d IN [
          {column: 'owner_account_id', before: head([(existing)-[:OWNED_BY]->(o) | o.id]), after: row.ownerAccountId}
        ] WHERE coalesce(d.before, '') <> coalesce(d.after, '')]
     END AS diffs
WITH row, existing, owner, refProblems, diffs,
     CASE WHEN existing IS NULL OR size(refProblems) > 0 OR $update THEN [] ELSE
       [d IN diffs WHERE d.column <> 'owner_account_id' | {column: d.column, reason: 'duplicate id with different content (stored: ' + coalesce(toString(d.before), 'empty') + ')'}] +
       CASE WHEN any(d IN diffs WHERE d.column = 'owner_account_id')
            THEN [{column: 'owner_account_id', reason: 'duplicate id with a different owner'}] ELSE [] END
     END AS conflicts
WITH row, existing, owner, refProblems + conflicts AS problems, diffs
CALL (row, existing, owner, problems) {
  WITH * WHERE existing IS NULL AND size(problems) = 0
  CREATE (m:Merchant {id: row.id})
  SET m += row.props
  FOREACH (o IN CASE WHEN owner IS NULL THEN [] ELSE [owner] END | CREATE (m)-[:OWNED_BY]->(o))
}
CALL (row, existing, owner, problems, diffs) {
  WITH * WHERE $update AND existing IS NOT NULL AND size(problems) = 0 AND size(diffs) > 0
  SET existing += row.props
  WITH existing, owner, [d IN diffs | d.column] AS changed
  CALL (existing, owner, changed) {
    WITH * WHERE 'owner_account_id' IN changed
    OPTIONAL MATCH (existing)-[old:OWNED_BY]->()
    DELETE old
    WITH DISTINCT existing, owner
    FOREACH (o IN CASE WHEN owner IS NULL THEN [] ELSE [owner] END | CREATE (existing)-[:OWNED_BY]->(o))
  }
}
RETURN [r IN collect(CASE WHEN size(problems) > 0 THEN {line: row.line, problems: problems} END) WHERE r IS NOT NULL] AS rejected,
       sum(CASE WHEN existing IS NULL AND size(problems) = 0 THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN existing IS NOT NULL AND size(problems) = 0 AND size(diffs) = 0 THEN 1 ELSE 0 END) AS unchanged,
       [c IN collect(CASE WHEN $update AND size(diffs) > 0 THEN {line: row.line, id: row.id, diffs: diffs} END) WHERE c IS NOT NULL] AS changes
