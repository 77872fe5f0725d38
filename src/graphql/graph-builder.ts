// Turns Neo4j nodes and relationships into the drawable Graph, keeping only edges between kept nodes.
import { Node, Relationship } from 'neo4j-driver';
import { toPlain } from '../db/values';
import { Graph, GraphEdge, GraphNode } from './graph.type';

const KEY_PROPERTY: Record<string, string> = { Ip: 'address' };

export function nodeId(label: string, key: string): string {
  return `${label}:${key}`;
}

export function edgeId(type: string, source: string, target: string): string {
  return `${type}:${source}->${target}`;
}

function plainProperties(props: Record<string, unknown>): Record<string, unknown> {
  const out = toPlain(props) as Record<string, unknown>;
  for (const [k, v] of Object.entries(out)) if (v instanceof Date) out[k] = v.toISOString();
  return out;
}

export class GraphBuilder {
  private nodes = new Map<string, GraphNode>();
  private edges = new Map<string, GraphEdge>();
  private byElementId = new Map<string, string>();
  truncated = false;

  constructor(readonly limit: number) {}

  get size(): number {
    return this.nodes.size;
  }

  /** Adds a node unless the limit is reached (then marks the graph truncated). Returns its id or undefined. */
  addNode(label: string, key: string, properties: Record<string, unknown>, elementId?: string): string | undefined {
    const id = nodeId(label, key);
    if (!this.nodes.has(id)) {
      if (this.nodes.size >= this.limit) {
        this.truncated = true;
        return undefined;
      }
      this.nodes.set(id, { id, label, properties: plainProperties(properties) });
    }
    if (elementId) this.byElementId.set(elementId, id);
    return id;
  }

  addNeo4jNode(node: Node): string | undefined {
    const label = node.labels[0] ?? 'Node';
    const key = String(node.properties[KEY_PROPERTY[label] ?? 'id'] ?? node.elementId);
    return this.addNode(label, key, node.properties, node.elementId);
  }

  addEdge(
    type: string,
    source: string | undefined,
    target: string | undefined,
    properties: Record<string, unknown> = {},
  ): void {
    if (!source || !target || !this.nodes.has(source) || !this.nodes.has(target)) return;
    const id = edgeId(type, source, target);
    if (!this.edges.has(id)) this.edges.set(id, { id, source, target, type, properties: plainProperties(properties) });
  }

  addNeo4jRelationship(rel: Relationship): void {
    this.addEdge(
      rel.type,
      this.byElementId.get(rel.startNodeElementId),
      this.byElementId.get(rel.endNodeElementId),
      rel.properties,
    );
  }

  build(): Graph {
    return {
      nodes: [...this.nodes.values()],
      edges: [...this.edges.values()],
      truncated: this.truncated,
      limit: this.limit,
    };
  }
}
