// Load a batch of payments.csv rows: (:Account)-[:SENT]->(:Payment)-[:TO]->(:Account), optionally -[:REIMBURSES]->(:Order).
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
     CASE WHEN existing IS NULL OR size(refProblems) > 0 THEN [] ELSE
       [k IN keys(row.props) WHERE NOT coalesce(existing[k] = row.props[k], existing[k] IS NULL AND row.props[k] IS NULL) | {column: $columns[k], reason: 'duplicate id with different content (stored: ' + coalesce(toString(existing[k]), 'empty') + ')'}] +
       CASE WHEN NOT EXISTS { (payer)-[:SENT]->(existing)-[:TO]->(payee) }
            THEN [{column: 'payer_account_id', reason: 'duplicate id with a different payer or payee'}] ELSE [] END +
       CASE WHEN coalesce(row.orderId, '') <> coalesce(head([(existing)-[:REIMBURSES]->(x) | x.id]), '')
            THEN [{column: 'order_id', reason: 'duplicate id with a different order'}] ELSE [] END
     END AS conflicts
WITH row, existing, payer, payee, o, refProblems + conflicts AS problems
CALL (row, existing, payer, payee, o, problems) {
  WITH * WHERE existing IS NULL AND size(problems) = 0
  CREATE (pay:Payment {id: row.id})
  SET pay += row.props
  CREATE (payer)-[:SENT]->(pay)
  CREATE (pay)-[:TO]->(payee)
  FOREACH (x IN CASE WHEN o IS NULL THEN [] ELSE [o] END | CREATE (pay)-[:REIMBURSES]->(x))
}
RETURN [r IN collect(CASE WHEN size(problems) > 0 THEN {line: row.line, problems: problems} END) WHERE r IS NOT NULL] AS rejected,
       sum(CASE WHEN existing IS NULL AND size(problems) = 0 THEN 1 ELSE 0 END) AS created
