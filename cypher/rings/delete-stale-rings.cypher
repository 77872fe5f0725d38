// Remove the rings of replaced runs (after the switch) and of abandoned ones, in small transactions.
MATCH (run:DetectionRun)
WHERE run.status IN ['replaced', 'abandoned']
MATCH (r:Ring {runId: run.id})
CALL (r) { DETACH DELETE r } IN TRANSACTIONS OF 1000 ROWS
