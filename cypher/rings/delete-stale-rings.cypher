// Remove the rings of replaced runs (after the switch), in small transactions; a run still writing is left alone.
MATCH (run:DetectionRun {status: 'replaced'})
MATCH (r:Ring {runId: run.id})
CALL (r) { DETACH DELETE r } IN TRANSACTIONS OF 1000 ROWS
