// Whether any key was ever created (revoked ones count: revoking every key does not reopen the API).
MATCH (k:ApiKey)
RETURN count(k) > 0 AS any
