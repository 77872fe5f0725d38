// Stored rings of the current run, filtered, sorted by $orderBy (score, size or last activity) descending,
// keyset-paginated on (order, sort key, id).
// `kind` matches rings of that kind and COMBINED rings that carry it as a signal.
// The total is counted and the page taken by ORDER BY … LIMIT (a top-k), each streaming over the matches: no list of
// every matching ring is built, however many the filter lets through. The two WHERE clauses are one filter: change
// both together.
MATCH (run:DetectionRun {current: true})
CALL (run) {
  MATCH (r:Ring {runId: run.id})
  WHERE ($kind IS NULL OR r.kind = $kind OR $kind IN r.signals)
    AND r.score >= $minScore AND r.size >= $minSize
    AND ($since IS NULL OR r.lastActivity >= datetime($since))
    AND ($detectedSince IS NULL OR r.firstDetected >= datetime($detectedSince))
    AND ($until IS NULL OR r.firstActivity <= datetime($until))
    AND ($merchantId IS NULL OR EXISTS { (r)-[:TARGETS]->(:Merchant {id: $merchantId}) })
    AND ($productId IS NULL OR EXISTS { (r)-[:EVIDENCE]->(:Product {id: $productId}) })
    AND ($accountId IS NULL OR EXISTS { (:Account {id: $accountId})-[:MEMBER_OF]->(r) })
  RETURN count(r) AS total
}
CALL (run) {
  MATCH (r:Ring {runId: run.id})
  WHERE ($kind IS NULL OR r.kind = $kind OR $kind IN r.signals)
    AND r.score >= $minScore AND r.size >= $minSize
    AND ($since IS NULL OR r.lastActivity >= datetime($since))
    AND ($detectedSince IS NULL OR r.firstDetected >= datetime($detectedSince))
    AND ($until IS NULL OR r.firstActivity <= datetime($until))
    AND ($merchantId IS NULL OR EXISTS { (r)-[:TARGETS]->(:Merchant {id: $merchantId}) })
    AND ($productId IS NULL OR EXISTS { (r)-[:EVIDENCE]->(:Product {id: $productId}) })
    AND ($accountId IS NULL OR EXISTS { (:Account {id: $accountId})-[:MEMBER_OF]->(r) })
  WITH r, CASE $orderBy
            WHEN 'SIZE' THEN toFloat(r.size)
            WHEN 'LAST_ACTIVITY' THEN coalesce(toFloat(r.lastActivity.epochMillis), -1.0)
            ELSE r.score
          END AS sortKey
  WHERE $after IS NULL OR sortKey < $after[1] OR (sortKey = $after[1] AND r.id > $after[2])
  WITH r, sortKey ORDER BY sortKey DESC, r.id LIMIT $limit
  RETURN collect({node: r {.*}, key: [$orderBy, sortKey, r.id, run.id]}) AS page
}
RETURN total, page, run.id AS runId
