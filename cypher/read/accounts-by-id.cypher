// Batch look-up of accounts by id (DataLoader).
UNWIND $ids AS id
MATCH (a:Account {id: id})
RETURN a {.*} AS node
