// How many accounts were registered each day (days since the epoch): the platform's own registration curve, against
// which a cohort's registration burst is measured (a platform that grew fast has many accounts from its last weeks).
MATCH (a:Account)
WHERE a.createdAt IS NOT NULL
RETURN a.createdAt.epochSeconds / 86400 AS day, count(*) AS accounts
