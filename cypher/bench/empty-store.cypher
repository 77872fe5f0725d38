// Empties the store between benchmark settings (constraints and indexes stay).
MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
