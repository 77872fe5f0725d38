// Products with enough orders to hold a lockstep burst: the targets a full coordinated-purchase run scans.
MATCH (p:Product)
WHERE COUNT { (p)<-[:OF]-() } >= $minBurstBuyers
RETURN p.id AS id
