// Which of $ids exist as nodes of $label (used by --dry-run, which writes nothing).
UNWIND $ids AS id
CALL (id) {
  MATCH (n:Account {id: id}) WHERE $label = 'Account' RETURN n.id AS found
  UNION
  MATCH (n:Merchant {id: id}) WHERE $label = 'Merchant' RETURN n.id AS found
  UNION
  MATCH (n:Product {id: id}) WHERE $label = 'Product' RETURN n.id AS found
  UNION
  MATCH (n:Order {id: id}) WHERE $label = 'Order' RETURN n.id AS found
  UNION
  MATCH (n:Review {id: id}) WHERE $label = 'Review' RETURN n.id AS found
}
RETURN DISTINCT found AS id
