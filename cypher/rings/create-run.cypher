// Open a detection run; its rings stay invisible to queries until the run is switched to current.
CREATE (run:DetectionRun {id: $id, startedAt: datetime($startedAt), status: 'writing', parameters: $parameters})
RETURN run.id AS id
