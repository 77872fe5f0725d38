// Batch look-up of merchants by id, with the owner's account id (DataLoader).
UNWIND $ids AS id
MATCH (m:Merchant {id: id})
RETURN m {.*, ownerAccountId: head([(m)-[:OWNED_BY]->(o) | o.id])} AS node
