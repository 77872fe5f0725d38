// Ring events at or after a time, oldest first, paged by (at, id): what a front-end polling for alerts reads.
CALL () {
  MATCH (e:RingEvent) WHERE e.at >= datetime($since)
  RETURN count(e) AS total
}
CALL () {
  MATCH (e:RingEvent)
  WHERE e.at >= datetime($since)
    AND ($after IS NULL OR e.at > datetime($after[0]) OR (e.at = datetime($after[0]) AND e.id > $after[1]))
  WITH e ORDER BY e.at, e.id LIMIT $limit
  RETURN collect({node: e {.*}, key: [toString(e.at), e.id]}) AS page
}
RETURN total, page
