// When each of $accountIds was registered: a ring's accounts registered in one burst is evidence in the explanation.
UNWIND $accountIds AS accountId
MATCH (a:Account {id: accountId})
RETURN accountId, a.createdAt.epochSeconds AS createdAt
