// Template texts, campaigns: how many reviews used each of $texts (the members of near-identical text clusters) on each
// day (days since 1970-01-01 UTC), and (text null) how many reviews were posted that day in all. A template that several
// rings took from one library is used in bursts days apart; a phrase everyone uses is used every day. One scan of the
// reviews with a set look-up, one row per text and day.
MATCH (r:Review)
WITH r.createdAt.epochSeconds / 86400 AS day, CASE WHEN r.text IN $texts THEN r.text END AS text
RETURN text, day, count(*) AS reviews
