// Rings of the current run and a few of their members: the ids a load benchmark asks about.
MATCH (run:DetectionRun {current: true})
MATCH (r:Ring {runId: run.id})
WITH r ORDER BY r.score DESC LIMIT 50
MATCH (a:Account)-[:MEMBER_OF]->(r)
WITH r, collect(a.id)[0..5] AS accounts
RETURN r.id AS id, accounts
