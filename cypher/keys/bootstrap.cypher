// The admin key `$name` from RINGSCOPE_ADMIN_TOKEN: created once, its hash follows the variable; a revoke stays.
MERGE (k:ApiKey {name: $name})
  ON CREATE SET k.createdAt = datetime()
SET k.hash = $hash, k.role = 'admin'
RETURN k.name AS name, k.revokedAt IS NOT NULL AS revoked
