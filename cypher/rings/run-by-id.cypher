// A detection run by id (the one a stored ring belongs to), current or not.
MATCH (run:DetectionRun {id: $id})
RETURN run {.id, .startedAt, .finishedAt, .parameters, .ringCount, .timings} AS run
