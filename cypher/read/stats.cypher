// How much is loaded: nodes per label and relationships per type, from Neo4j's count store (instant).
CALL () { MATCH (n:Account) RETURN count(n) AS accounts }
CALL () { MATCH (n:Device) RETURN count(n) AS devices }
CALL () { MATCH (n:Ip) RETURN count(n) AS ips }
CALL () { MATCH (n:Merchant) RETURN count(n) AS merchants }
CALL () { MATCH (n:Product) RETURN count(n) AS products }
CALL () { MATCH (n:Order) RETURN count(n) AS orders }
CALL () { MATCH (n:Review) RETURN count(n) AS reviews }
CALL () { MATCH (n:Payment) RETURN count(n) AS payments }
CALL () { MATCH ()-[r:LIKED]->() RETURN count(r) AS likes }
CALL () { MATCH ()-[r:USED]->() RETURN count(r) AS deviceUses }
CALL () { OPTIONAL MATCH (run:DetectionRun {current: true}) RETURN coalesce(run.ringCount, 0) AS rings }
RETURN accounts, devices, ips, merchants, products, orders, reviews, payments, likes, deviceUses, rings
