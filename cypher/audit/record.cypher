// One audit entry: who (key, role) asked what (operation, query, variables as given) and what came back (ids, outcome).
CREATE (e:AuditEntry {
  id: $id,
  at: datetime($at),
  keyName: $keyName,
  role: $role,
  operation: $operation,
  query: $query,
  variables: $variables,
  accountIds: $accountIds,
  productIds: $productIds,
  merchantIds: $merchantIds,
  outcome: $outcome,
  durationMs: $durationMs
})
RETURN e.id AS id
