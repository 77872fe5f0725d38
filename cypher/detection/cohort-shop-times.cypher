// Co-timing of cohorts at shops (co-timing.ts): for each cell of $cells (a key, a shop and the cohort's boosters),
// each booster's order times at the shop; and the times of every order of the cells' shops, sorted, the shop's own
// timing the boosters are measured against (the boosters' own orders are taken out in the process). Read for the
// few cohort-shops whose boosting already reached the purpose level, a chunk of shops at a time.
CALL () {
  UNWIND $cells AS c
  UNWIND c.accountIds AS accountId
  MATCH (:Account {id: accountId})-[:PLACED]->(o:Order)-[:OF]->(:Product)-[:SOLD_BY]->(:Merchant {id: c.merchantId})
  WITH c.key AS key, accountId, o.placedAt.epochSeconds AS t ORDER BY t
  WITH key, accountId, collect(toFloat(t)) AS times
  RETURN 'member' AS what, key, accountId, times
  UNION ALL
  UNWIND $merchantIds AS merchantId
  MATCH (:Merchant {id: merchantId})<-[:SOLD_BY]-(:Product)<-[:OF]-(o:Order)
  WITH merchantId, o.placedAt.epochSeconds AS t ORDER BY t
  WITH merchantId, collect(toFloat(t)) AS times
  RETURN 'shop' AS what, merchantId AS key, null AS accountId, times
}
RETURN what, key, accountId, times
