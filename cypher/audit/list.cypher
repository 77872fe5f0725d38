// The audit trail, newest first, filtered by key, by an account among the returned ids, and by time; keyset paged.
// The count streams and the page is LIMITed inside the query: nothing collects the whole trail.
CALL () {
  MATCH (e:AuditEntry)
  WHERE ($keyName IS NULL OR e.keyName = $keyName)
    AND ($accountId IS NULL OR $accountId IN e.accountIds)
    AND ($since IS NULL OR e.at >= datetime($since))
    AND ($until IS NULL OR e.at <= datetime($until))
  RETURN count(e) AS total
}
CALL () {
  MATCH (e:AuditEntry)
  WHERE ($keyName IS NULL OR e.keyName = $keyName)
    AND ($accountId IS NULL OR $accountId IN e.accountIds)
    AND ($since IS NULL OR e.at >= datetime($since))
    AND ($until IS NULL OR e.at <= datetime($until))
    AND ($after IS NULL OR e.at < datetime($after[0]) OR (e.at = datetime($after[0]) AND e.id < $after[1]))
  WITH e ORDER BY e.at DESC, e.id DESC LIMIT $limit
  RETURN collect({node: e {.*}, key: [toString(e.at), e.id]}) AS page
}
RETURN total, page
