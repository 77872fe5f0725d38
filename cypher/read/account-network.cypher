// Everything within $depth hops of an account along $relationshipFilter (APOC's breadth-first expansion),
// stopping at $limit paths.
MATCH (a:Account {id: $id})
CALL apoc.path.subgraphAll(a, {maxLevel: $depth, limit: $limit, labelFilter: '-DetectionRun',
                               relationshipFilter: $relationshipFilter})
YIELD nodes, relationships
RETURN nodes, relationships AS rels
