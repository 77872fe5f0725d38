// Runs that died while writing (a killed process never reached delete-failed-run): still 'writing' long after
// they started. A run writing now is left alone.
MATCH (run:DetectionRun {status: 'writing'})
WHERE run.startedAt < datetime() - duration({seconds: $abandonedAfterSeconds})
SET run.status = 'abandoned'
RETURN count(run) AS abandoned
