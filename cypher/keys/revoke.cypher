// Revokes a key by name; the node stays (so the store still "has keys" and the audit trail keeps its name).
MATCH (k:ApiKey {name: $name})
WHERE k.revokedAt IS NULL
SET k.revokedAt = datetime()
RETURN k.name AS name
