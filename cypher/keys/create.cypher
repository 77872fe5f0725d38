// A new API key: only the SHA-256 of its token is stored (the name is unique: a second create fails on the constraint).
CREATE (k:ApiKey {name: $name, role: $role, hash: $hash, createdAt: datetime()})
RETURN k.name AS name, k.role AS role, k.createdAt AS createdAt
