// The platform's registrations per hour (epoch hours), for the registration-burst test: a group's accounts created
// within hours of each other are judged against how many accounts the platform registered around then.
MATCH (a:Account)
WHERE a.createdAt IS NOT NULL
RETURN a.createdAt.epochSeconds / 3600 AS hour, count(*) AS accounts
ORDER BY hour
