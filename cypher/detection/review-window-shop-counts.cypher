// The reviews posted within each of $windows ({key, merchantId, from, to} in epoch seconds), and how many of them are
// of the window's shop: the shop's share of reviews at the time of a template campaign (a flash sale's shop gets more).
UNWIND $windows AS w
CALL (w) {
  MATCH (r:Review)
  WHERE r.createdAt >= datetime({epochSeconds: toInteger(w.from)}) AND r.createdAt <= datetime({epochSeconds: toInteger(w.to)})
  RETURN count(r) AS total,
         count(CASE WHEN EXISTS { (r)-[:ABOUT]->(:Product)-[:SOLD_BY]->(:Merchant {id: w.merchantId}) } THEN 1 END)
           AS atShop
}
RETURN w.key AS key, total, atShop
