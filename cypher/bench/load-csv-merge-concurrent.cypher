// Benchmark baseline (bench/load-vs-neo4j.sh): load-csv-merge.cypher with CALL {} IN 2 CONCURRENT TRANSACTIONS, on the
// same graph model as cypher/ingest/, with no validation. $base is a file URL folder under the server's import dir.
LOAD CSV WITH HEADERS FROM $base + 'accounts.csv' AS row
CALL (row) {
  MERGE (a:Account {id: row.id})
  SET a.createdAt = datetime(row.created_at), a.region = row.region, a.phoneHash = row.phone_hash
} IN 2 CONCURRENT TRANSACTIONS OF 5000 ROWS;
LOAD CSV WITH HEADERS FROM $base + 'merchants.csv' AS row
CALL (row) {
  MERGE (m:Merchant {id: row.id})
  SET m.name = row.name
  WITH m, row WHERE row.owner_account_id IS NOT NULL
  MATCH (o:Account {id: row.owner_account_id})
  MERGE (m)-[:OWNED_BY]->(o)
} IN 2 CONCURRENT TRANSACTIONS OF 5000 ROWS;
LOAD CSV WITH HEADERS FROM $base + 'products.csv' AS row
CALL (row) {
  MATCH (m:Merchant {id: row.merchant_id})
  MERGE (p:Product {id: row.id})
  SET p.title = row.title, p.price = toFloat(row.price)
  MERGE (p)-[:SOLD_BY]->(m)
} IN 2 CONCURRENT TRANSACTIONS OF 5000 ROWS;
LOAD CSV WITH HEADERS FROM $base + 'account_devices.csv' AS row
CALL (row) {
  MATCH (a:Account {id: row.account_id})
  MERGE (d:Device {id: row.device_id})
  MERGE (a)-[u:USED]->(d)
    ON CREATE SET u.firstSeen = datetime(row.first_seen), u.lastSeen = datetime(row.last_seen)
    ON MATCH SET u.firstSeen = CASE WHEN datetime(row.first_seen) < u.firstSeen THEN datetime(row.first_seen) ELSE u.firstSeen END,
                 u.lastSeen = CASE WHEN datetime(row.last_seen) > u.lastSeen THEN datetime(row.last_seen) ELSE u.lastSeen END
  FOREACH (address IN CASE WHEN row.ip IS NULL THEN [] ELSE [row.ip] END |
    MERGE (i:Ip {address: address})
    MERGE (a)-[s:SEEN_AT]->(i)
      ON CREATE SET s.firstSeen = datetime(row.first_seen), s.lastSeen = datetime(row.last_seen)
  )
} IN 2 CONCURRENT TRANSACTIONS OF 5000 ROWS;
LOAD CSV WITH HEADERS FROM $base + 'orders.csv' AS row
CALL (row) {
  MATCH (a:Account {id: row.account_id})
  MATCH (p:Product {id: row.product_id})
  MERGE (o:Order {id: row.id})
  SET o.placedAt = datetime(row.placed_at), o.amount = toFloat(row.amount), o.keyword = row.keyword,
      o.browseSeconds = toFloat(row.browse_seconds), o.shipToHash = row.ship_to_hash
  MERGE (a)-[:PLACED]->(o)
  MERGE (o)-[:OF]->(p)
} IN 2 CONCURRENT TRANSACTIONS OF 5000 ROWS;
LOAD CSV WITH HEADERS FROM $base + 'reviews.csv' AS row
CALL (row) {
  MATCH (a:Account {id: row.account_id})
  MATCH (p:Product {id: row.product_id})
  MERGE (r:Review {id: row.id})
  SET r.rating = toFloat(row.rating), r.createdAt = datetime(row.created_at), r.text = row.text
  MERGE (a)-[:WROTE]->(r)
  MERGE (r)-[:ABOUT]->(p)
  WITH r, row WHERE row.order_id IS NOT NULL
  MATCH (o:Order {id: row.order_id})
  MERGE (r)-[:FOR_ORDER]->(o)
} IN 2 CONCURRENT TRANSACTIONS OF 5000 ROWS;
LOAD CSV WITH HEADERS FROM $base + 'payments.csv' AS row
CALL (row) {
  MATCH (payer:Account {id: row.payer_account_id})
  MATCH (payee:Account {id: row.payee_account_id})
  MERGE (pay:Payment {id: row.id})
  SET pay.amount = toFloat(row.amount), pay.paidAt = datetime(row.paid_at), pay.memo = row.memo
  MERGE (payer)-[:SENT]->(pay)
  MERGE (pay)-[:TO]->(payee)
  WITH pay, row WHERE row.order_id IS NOT NULL
  MATCH (o:Order {id: row.order_id})
  MERGE (pay)-[:REIMBURSES]->(o)
} IN 2 CONCURRENT TRANSACTIONS OF 5000 ROWS;
LOAD CSV WITH HEADERS FROM $base + 'review_likes.csv' AS row
CALL (row) {
  MATCH (a:Account {id: row.account_id})
  MATCH (r:Review {id: row.review_id})
  MERGE (a)-[l:LIKED]->(r)
    ON CREATE SET l.at = datetime(row.liked_at)
    ON MATCH SET l.at = CASE WHEN datetime(row.liked_at) < l.at THEN datetime(row.liked_at) ELSE l.at END
} IN 2 CONCURRENT TRANSACTIONS OF 5000 ROWS;
