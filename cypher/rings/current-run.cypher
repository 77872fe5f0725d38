// The run whose rings queries read.
MATCH (run:DetectionRun {current: true})
RETURN run {.id, .startedAt, .finishedAt, .parameters, .ringCount, .timings} AS run
