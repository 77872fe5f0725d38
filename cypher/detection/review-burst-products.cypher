// Products with at least two reviews: a product reviewed once can neither burst nor be reviewed together.
MATCH (p:Product)
WHERE COUNT { (p)<-[:ABOUT]-(:Review) } >= 2
RETURN p.id AS id
