// Uniqueness constraints on every id and range indexes on every timestamp a detector reads.
// Applied idempotently at start-up by every command; runnable by hand in Neo4j Browser.
CREATE CONSTRAINT account_id IF NOT EXISTS FOR (n:Account) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT device_id IF NOT EXISTS FOR (n:Device) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT ip_address IF NOT EXISTS FOR (n:Ip) REQUIRE n.address IS UNIQUE;
CREATE CONSTRAINT merchant_id IF NOT EXISTS FOR (n:Merchant) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT product_id IF NOT EXISTS FOR (n:Product) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT order_id IF NOT EXISTS FOR (n:Order) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT review_id IF NOT EXISTS FOR (n:Review) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT payment_id IF NOT EXISTS FOR (n:Payment) REQUIRE n.id IS UNIQUE;
// A ring keeps its id from run to run, so it is unique within a run (the old store-wide constraint is dropped).
DROP CONSTRAINT ring_id IF EXISTS;
CREATE CONSTRAINT ring_run_id IF NOT EXISTS FOR (n:Ring) REQUIRE (n.runId, n.id) IS UNIQUE;
CREATE CONSTRAINT detection_run_id IF NOT EXISTS FOR (n:DetectionRun) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT detection_lock_id IF NOT EXISTS FOR (n:DetectionLock) REQUIRE n.id IS UNIQUE;
CREATE INDEX account_created_at IF NOT EXISTS FOR (n:Account) ON (n.createdAt);
CREATE INDEX order_placed_at IF NOT EXISTS FOR (n:Order) ON (n.placedAt);
CREATE INDEX review_created_at IF NOT EXISTS FOR (n:Review) ON (n.createdAt);
CREATE INDEX payment_paid_at IF NOT EXISTS FOR (n:Payment) ON (n.paidAt);
CREATE INDEX ring_score IF NOT EXISTS FOR (n:Ring) ON (n.score);
CREATE INDEX ring_kind_score IF NOT EXISTS FOR (n:Ring) ON (n.kind, n.score);
CREATE INDEX ring_run IF NOT EXISTS FOR (n:Ring) ON (n.runId);
CREATE INDEX detection_run_current IF NOT EXISTS FOR (n:DetectionRun) ON (n.current);
CREATE CONSTRAINT ring_event_id IF NOT EXISTS FOR (n:RingEvent) REQUIRE n.id IS UNIQUE;
CREATE INDEX ring_event_at IF NOT EXISTS FOR (n:RingEvent) ON (n.at);
