// Every shop: the unit detectors split their whole-graph reads into chunks by.
MATCH (m:Merchant)
RETURN m.id AS id
