// The embedded Neo4j the project starts: the plugins the detectors and investigators may call are there.
import { Database } from '../src/db/database';
import { testDatabase } from './helpers/db';

let db: Database;
beforeAll(async () => {
  db = await testDatabase();
});
afterAll(async () => db.close());

async function scalar(query: string): Promise<unknown> {
  const session = db.session('READ');
  try {
    return (await session.run(query)).records[0].get(0);
  } finally {
    await session.close();
  }
}

it('runs Neo4j 5.26 with APOC core and Graph Data Science 2.13', async () => {
  expect(
    await scalar("CALL dbms.components() YIELD name, versions WHERE name = 'Neo4j Kernel' RETURN versions[0]"),
  ).toMatch(/^5\.26\./);
  expect(await scalar('RETURN apoc.version()')).toMatch(/^5\.26\./);
  expect(await scalar('RETURN gds.version()')).toMatch(/^2\.13\./);
});

it('GDS finds weakly connected components of a projected graph', async () => {
  const session = db.session('WRITE');
  try {
    await session.run(
      `UNWIND [['a','b'],['b','c'],['d','e']] AS pair
       MERGE (x:GdsCheck {id: pair[0]}) MERGE (y:GdsCheck {id: pair[1]}) MERGE (x)-[:LINK]->(y)`,
    );
    await session.run(
      `MATCH (x:GdsCheck)-[:LINK]->(y:GdsCheck)
       WITH gds.graph.project('ringscope-wcc-check', x, y) AS g RETURN g.graphName`,
    );
    const result = await session.run(
      `CALL gds.wcc.stream('ringscope-wcc-check') YIELD nodeId, componentId
       WITH componentId, collect(gds.util.asNode(nodeId).id) AS ids
       RETURN ids ORDER BY size(ids) DESC`,
    );
    expect(result.records.map((r) => (r.get('ids') as string[]).sort())).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
  } finally {
    await session.run("CALL gds.graph.drop('ringscope-wcc-check', false)");
    await session.run('MATCH (n:GdsCheck) DETACH DELETE n');
    await session.close();
  }
});
