// Reviews per day (days since 1970-01-01 UTC) of each of $merchantIds: a template campaign's shop is judged at its
// share of the reviews of the campaign's days (a flash sale's shop gets more). One row per shop and day.
UNWIND $merchantIds AS merchantId
MATCH (:Merchant {id: merchantId})<-[:SOLD_BY]-(:Product)<-[:ABOUT]-(r:Review)
RETURN merchantId, r.createdAt.epochSeconds / 86400 AS day, count(*) AS reviews
