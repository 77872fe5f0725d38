// Whether the database holds no node at all (from the count store: instant), so a load may use the offline importer.
MATCH (n) RETURN count(n) = 0 AS empty
