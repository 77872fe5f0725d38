// Stored rings of the current run, filtered, highest score first, keyset-paginated on (score, id).
// `kind` matches rings of that kind and COMBINED rings that carry it as a signal.
MATCH (run:DetectionRun {current: true})
CALL (run) {
  MATCH (r:Ring {runId: run.id})
  WHERE ($kind IS NULL OR r.kind = $kind OR $kind IN r.signals)
    AND r.score >= $minScore AND r.size >= $minSize
    AND ($since IS NULL OR r.lastActivity >= datetime($since))
    AND ($until IS NULL OR r.firstActivity <= datetime($until))
    AND ($merchantId IS NULL OR EXISTS { (r)-[:TARGETS]->(:Merchant {id: $merchantId}) })
    AND ($productId IS NULL OR EXISTS { (r)-[:EVIDENCE]->(:Product {id: $productId}) })
    AND ($accountId IS NULL OR EXISTS { (:Account {id: $accountId})-[:MEMBER_OF]->(r) })
  RETURN collect(r) AS matched
}
WITH matched, size(matched) AS total
CALL (matched) {
  UNWIND matched AS r
  WITH r WHERE $after IS NULL OR r.score < $after[0] OR (r.score = $after[0] AND r.id > $after[1])
  WITH r ORDER BY r.score DESC, r.id LIMIT $limit
  RETURN collect({node: r {.*}, key: [r.score, r.id]}) AS page
}
RETURN total, page
