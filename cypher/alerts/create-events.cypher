// Record a detection run's ring events (new rings, rings that grew); an event's id is its run and ring, so a retry
// changes nothing.
UNWIND $events AS event
MERGE (e:RingEvent {id: event.id})
ON CREATE SET e.type = event.type, e.ringId = event.ringId, e.runId = event.runId, e.at = datetime(event.at),
  e.kind = event.kind, e.score = event.score, e.size = event.size, e.previousSize = event.previousSize,
  e.explanation = event.explanation
RETURN count(e) AS events
