// Remove the rings of a run that failed before it became current.
MATCH (r:Ring {runId: $runId})
CALL (r) { DETACH DELETE r } IN TRANSACTIONS OF 1000 ROWS
