// Batch look-up of devices by id (DataLoader).
UNWIND $ids AS id
MATCH (d:Device {id: id})
RETURN d {.*} AS node
