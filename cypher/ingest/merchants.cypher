// Load a batch of merchants.csv rows with their optional owner account.
UNWIND $rows AS row
OPTIONAL MATCH (existing:Merchant {id: row.id})
OPTIONAL MATCH (owner:Account {id: row.ownerAccountId})
WITH row, existing, owner,
     [p IN [
        CASE WHEN row.ownerAccountId IS NOT NULL AND owner IS NULL THEN {column: 'owner_account_id', reason: 'unknown account id'} END
      ] WHERE p IS NOT NULL] AS refProblems
WITH row, existing, owner, refProblems,
     CASE WHEN existing IS NULL OR size(refProblems) > 0 THEN [] ELSE
       [k IN keys(row.props) WHERE NOT coalesce(existing[k] = row.props[k], existing[k] IS NULL AND row.props[k] IS NULL) | {column: $columns[k], reason: 'duplicate id with different content (stored: ' + coalesce(toString(existing[k]), 'empty') + ')'}] +
       CASE WHEN coalesce(row.ownerAccountId, '') <> coalesce(head([(existing)-[:OWNED_BY]->(o) | o.id]), '')
            THEN [{column: 'owner_account_id', reason: 'duplicate id with a different owner'}] ELSE [] END
     END AS conflicts
WITH row, existing, owner, refProblems + conflicts AS problems
CALL (row, existing, owner, problems) {
  WITH * WHERE existing IS NULL AND size(problems) = 0
  CREATE (m:Merchant {id: row.id})
  SET m += row.props
  FOREACH (o IN CASE WHEN owner IS NULL THEN [] ELSE [owner] END | CREATE (m)-[:OWNED_BY]->(o))
}
RETURN [r IN collect(CASE WHEN size(problems) > 0 THEN {line: row.line, problems: problems} END) WHERE r IS NOT NULL] AS rejected,
       sum(CASE WHEN existing IS NULL AND size(problems) = 0 THEN 1 ELSE 0 END) AS created
