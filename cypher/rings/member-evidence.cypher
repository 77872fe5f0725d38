// The evidence of given members of given stored rings (DataLoader), grouped by ring: each ring's MEMBER_OF
// relationships are expanded once and filtered by the accounts asked for.
UNWIND $rings AS ring
MATCH (r:Ring {runId: ring.runId, id: ring.id})
USING INDEX SEEK r:Ring(runId, id)
MATCH (a:Account)-[m:MEMBER_OF]->(r)
WHERE a.id IN ring.accounts
RETURN ring.runId AS runId, ring.id AS ringId, a.id AS accountId, m.evidence AS evidence
