// Every key with its role, when it was created and last used (from the audit trail), and whether it is revoked; never the hash.
MATCH (k:ApiKey)
CALL (k) {
  OPTIONAL MATCH (e:AuditEntry {keyName: k.name})
  WHERE e.at IS NOT NULL
  RETURN e.at AS lastUsedAt ORDER BY e.at DESC LIMIT 1
}
RETURN k.name AS name, k.role AS role, k.createdAt AS createdAt, lastUsedAt, k.revokedAt AS revokedAt
ORDER BY k.createdAt, k.name
