// Load a batch of payments.csv rows: (:Account)-[:SENT]->(:Payment)-[:TO]->(:Account), optionally -[:REIMBURSES]->(:Order).
// A stored payment whose row differs is rejected, or with $update takes the row's values, payer, payee and order
// (the old SENT/TO/REIMBURSES replaced).
UNWIND $rows AS row
OPTIONAL MATCH (existing:Payment {id: row.id})
OPTIONAL MATCH (payer:Account {id: row.payerId})
OPTIONAL MATCH (payee:Account {id: row.payeeId})
OPTIONAL MATCH (o:Order {id: row.orderId})
WITH row, existing, payer, payee, o,
     [x IN [
        CASE WHEN payer IS NULL THEN {column: 'payer_account_id', reason: 'unknown account id'} END,
        CASE WHEN payee IS NULL THEN {column: 'payee_account_id', reason: 'unknown account id'} END,
        CASE WHEN row.orderId IS NOT NULL AND o IS NULL THEN {column: 'order_id', reason: 'unknown order id'} END
      ] WHERE x IS NOT NULL] AS refProblems
WITH row, existing, payer, payee, o, refProblems,
     CASE WHEN existing IS NULL THEN [] ELSE
       [k IN keys(row.props) WHERE NOT coalesce(existing[k] = row.props[k], existing[k] IS NULL AND row.props[k] IS NULL) | {column: $columns[k], before: existing[k], after: row.props[k]}] +
       [d IN [
          {column: 'payer_account_id', before: head([(b)-[:SENT]->(existing) | b.id]), after: row.payerId},
          {column: 'payee_account_id', before: head([(existing)-[:TO]->(b) | b.id]), after: row.payeeId},
          {column: 'order_id', before: head([(existing)-[:REIMBURSES]->(x) | x.id]), after: row.orderId}
        ] WHERE coalesce(d.before, '') <> coalesce(d.after, '')]
     END AS diffs
WITH row, existing, payer, payee, o, refProblems, diffs,
     CASE WHEN existing IS NULL OR size(refProblems) > 0 OR $update THEN [] ELSE
       [d IN diffs WHERE NOT d.column IN ['payer_account_id', 'payee_account_id', 'order_id'] | {column: d.column, reason: 'duplicate id with different content (stored: ' + coalesce(toString(d.before), 'empty') + ')'}] +
       CASE WHEN any(d IN diffs WHERE d.column IN ['payer_account_id', 'payee_account_id'])
            THEN [{column: 'payer_account_id', reason: 'duplicate id with a different payer or payee'}] ELSE [] END +
       CASE WHEN any(d IN diffs WHERE d.column = 'order_id')
            THEN [{column: 'order_id', reason: 'duplicate id with a different order'}] ELSE [] END
     END AS conflicts
WITH row, existing, payer, payee, o, refProblems + conflicts AS problems, diffs
CALL (row, existing, payer, payee, o, problems) {
  WITH * WHERE existing IS NULL AND size(problems) = 0
  CREATE (pay:Payment {id: row.id})
  SET pay += row.props
  CREATE (payer)-[:SENT]->(pay)
  CREATE (pay)-[:TO]->(payee)
  FOREACH (x IN CASE WHEN o IS NULL THEN [] ELSE [o] END | CREATE (pay)-[:REIMBURSES]->(x))
}
CALL (row, existing, payer, payee, o, problems, diffs) {
  WITH * WHERE $update AND existing IS NOT NULL AND size(problems) = 0 AND size(diffs) > 0
  SET existing += row.props
  WITH existing, payer, payee, o, [d IN diffs | d.column] AS changed
  CALL (existing, payer, changed) {
    WITH * WHERE 'payer_account_id' IN changed
    OPTIONAL MATCH ()-[old:SENT]->(existing)
    DELETE old
    WITH DISTINCT existing, payer
    CREATE (payer)-[:SENT]->(existing)
  }
  CALL (existing, payee, changed) {
    WITH * WHERE 'payee_account_id' IN changed
    OPTIONAL MATCH (existing)-[old:TO]->()
    DELETE old
    WITH DISTINCT existing, payee
    CREATE (existing)-[:TO]->(payee)
  }
  CALL (existing, o, changed) {
    WITH * WHERE 'order_id' IN changed
    OPTIONAL MATCH (existing)-[old:REIMBURSES]->()
    DELETE old
    WITH DISTINCT existing, o
    FOREACH (x IN CASE WHEN o IS NULL THEN [] ELSE [o] END | CREATE (existing)-[:REIMBURSES]->(x))
  }
}
RETURN [r IN collect(CASE WHEN size(problems) > 0 THEN {line: row.line, problems: problems} END) WHERE r IS NOT NULL] AS rejected,
       sum(CASE WHEN existing IS NULL AND size(problems) = 0 THEN 1 ELSE 0 END) AS created,
       sum(CASE WHEN existing IS NOT NULL AND size(problems) = 0 AND size(diffs) = 0 THEN 1 ELSE 0 END) AS unchanged,
       [c IN collect(CASE WHEN $update AND size(diffs) > 0 THEN {line: row.line, id: row.id, diffs: diffs} END) WHERE c IS NOT NULL] AS changes
