// Load a batch of review_likes.csv rows; a repeated like keeps the earliest time (idempotent).
// A like has no id of its own (account and review are its identity): --update changes nothing here, likes merge as ever.
UNWIND $rows AS row
OPTIONAL MATCH (a:Account {id: row.accountId})
OPTIONAL MATCH (r:Review {id: row.reviewId})
WITH row, a, r,
     [x IN [
        CASE WHEN a IS NULL THEN {column: 'account_id', reason: 'unknown account id'} END,
        CASE WHEN r IS NULL THEN {column: 'review_id', reason: 'unknown review id'} END
      ] WHERE x IS NOT NULL] AS problems
CALL (row, a, r, problems) {
  WITH * WHERE size(problems) = 0
  MERGE (a)-[l:LIKED]->(r)
    ON CREATE SET l.at = row.props.at
    ON MATCH SET l.at = CASE WHEN row.props.at < l.at THEN row.props.at ELSE l.at END
}
RETURN [r IN collect(CASE WHEN size(problems) > 0 THEN {line: row.line, problems: problems} END) WHERE r IS NOT NULL] AS rejected,
       0 AS created, 0 AS unchanged, [] AS changes
