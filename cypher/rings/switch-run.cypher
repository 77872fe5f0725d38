// Make a finished run the one queries read, in one transaction: there is no moment without rings.
// The lock node serialises switches from different processes, so two runs never both end up current.
MERGE (lock:DetectionLock {id: 'switch'})
SET lock.at = datetime()
WITH lock
MATCH (run:DetectionRun {id: $id})
OPTIONAL MATCH (old:DetectionRun {current: true})
SET old.current = false, old.status = 'replaced'
WITH DISTINCT run
SET run.current = true, run.status = 'complete', run.finishedAt = datetime($finishedAt),
    run.ringCount = $ringCount, run.timings = $timings
// Rings this run found first became visible now.
WITH run
CALL (run) {
  MATCH (r:Ring {runId: run.id}) WHERE r.firstDetected IS NULL
  SET r.firstDetected = run.finishedAt
}
RETURN run.id AS id
