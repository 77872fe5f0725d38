// The evidence of given members of given stored rings (DataLoader): [ring's run, ring id, account id] per key.
UNWIND $keys AS key
MATCH (:Account {id: key[2]})-[m:MEMBER_OF]->(r:Ring {runId: key[0], id: key[1]})
RETURN key, m.evidence AS evidence
