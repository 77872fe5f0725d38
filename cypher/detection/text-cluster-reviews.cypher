// The reviews whose text is one of $texts (the members of near-identical text clusters): one scan, a set look-up.
MATCH (r:Review)
WHERE r.text IN $texts
RETURN r.id AS id, r.text AS text
