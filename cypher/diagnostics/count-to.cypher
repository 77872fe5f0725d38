// Counts to $n inside the database: a statement that runs as long as it is asked to, with nothing to read. The tests
// use it to check that a request's deadline ends a statement Neo4j is already running (tests/safety.test.ts).
UNWIND range(1, $n) AS x
RETURN count(x) AS n
