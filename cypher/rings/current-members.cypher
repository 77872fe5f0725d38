// Every ring of the current run with its signals and member ids: what evaluation against ground truth needs, and
// what the next run matches its rings against to keep their ids.
MATCH (run:DetectionRun {current: true})
MATCH (r:Ring {runId: run.id})
RETURN r.id AS id, r.signals AS signals,
       COLLECT { MATCH (a:Account)-[m:MEMBER_OF]->(r) RETURN {accountId: a.id, signals: m.signals} } AS members,
       toString(coalesce(r.firstDetected, run.finishedAt, run.startedAt)) AS firstDetected
ORDER BY id
