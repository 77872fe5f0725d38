// Builds Ring.graph: a Ring node, MEMBER_OF and EVIDENCE edges, and the data relationships among members and evidence.
import { Node, Relationship } from 'neo4j-driver';
import { Database } from '../db/database';
import { GraphBuilder, nodeId } from './graph-builder';
import { Graph } from './graph.type';
import { Ring, RingDetails } from './ring.type';

/** `withProperties: false` reads only labels and ids (a client drawing the shape need not pay for review texts). */
export async function ringGraph(
  db: Database,
  ring: Ring,
  details: RingDetails,
  limit: number,
  withProperties = true,
): Promise<Graph> {
  const builder = new GraphBuilder(limit);
  const ringNode = builder.addNode('Ring', ring.id, {
    kind: ring.kind,
    score: ring.score,
    size: ring.size,
    signals: ring.signals,
    explanation: ring.explanation,
  });
  const result = await db.read('rings/subgraph', {
    accounts: details.members.map((m) => m.accountId),
    devices: details.devices,
    payments: details.payments,
    products: details.products,
    merchants: details.merchants,
    orders: details.orders,
    reviews: details.reviews,
    properties: withProperties,
  });
  const record = result.records[0];
  const nodes = (record?.get('nodes') as Node[]) ?? [];
  const rels = (record?.get('rels') as Relationship[]) ?? [];
  // Members first, then the evidence in the order an investigator checks it, so truncation keeps what matters.
  const order = ['Account', 'Device', 'Payment', 'Merchant', 'Product', 'Order', 'Review'];
  nodes.sort((a, b) => order.indexOf(a.labels[0]) - order.indexOf(b.labels[0]));
  for (const n of nodes) builder.addNeo4jNode(n);
  for (const m of details.members) {
    builder.addEdge('MEMBER_OF', nodeId('Account', m.accountId), ringNode, {
      score: m.score,
      role: m.role ?? 'member',
    });
  }
  for (const n of nodes) {
    if (n.labels[0] !== 'Account')
      builder.addEdge(
        n.labels[0] === 'Merchant' ? 'TARGETS' : 'EVIDENCE',
        ringNode,
        nodeId(n.labels[0], String(n.properties.id)),
      );
  }
  for (const r of rels) builder.addNeo4jRelationship(r);
  return builder.build();
}
