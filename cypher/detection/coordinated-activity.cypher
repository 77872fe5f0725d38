// How many orders each of $accountIds placed in all: a member's own activity, the null model's rate of chance hits.
UNWIND $accountIds AS accountId
MATCH (a:Account {id: accountId})
RETURN accountId, COUNT { (a)-[:PLACED]->(:Order) } AS orders
