// The live key whose token hashes to $hash, if any (one index seek per request, so a revoke counts on the next one).
MATCH (k:ApiKey {hash: $hash})
WHERE k.revokedAt IS NULL
RETURN k.name AS name, k.role AS role
