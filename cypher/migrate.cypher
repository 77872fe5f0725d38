// Brings rings stored by an older ringscope up to date; run after schema.cypher at every start, touching only what
// lacks the newer properties (so it is quick and idempotent).
// Rings stored before first-detected times: first visible when their run finished.
MATCH (run:DetectionRun)
MATCH (r:Ring {runId: run.id}) WHERE r.firstDetected IS NULL AND run.status = 'complete'
SET r.firstDetected = coalesce(run.finishedAt, run.startedAt);
// Members stored before per-member signals: a single-detector ring's members were caught by its one signal.
// (A COMBINED ring's members cannot be told apart after the fact; they show the ring's signals until the next run.)
MATCH (a:Account)-[m:MEMBER_OF]->(r:Ring) WHERE m.signals IS NULL AND r.kind <> 'COMBINED'
SET m.signals = r.signals;
