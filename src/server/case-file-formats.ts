// Writes a case file as JSON, as a zip of CSV files (one per entity), or as GraphML (Gephi, yEd): same input, same bytes.
import { stringify as csv } from 'csv-stringify/sync';
import { strToU8, zipSync } from 'fflate';
import { configure } from 'safe-stable-stringify';
import { create } from 'xmlbuilder2';
import { CaseFile } from './case-file';

export const CASE_FILE_FORMATS = ['json', 'csv', 'graphml'] as const;
export type CaseFileFormat = (typeof CASE_FILE_FORMATS)[number];

/** Keys sorted at every level: the same ring gives the same text whatever order Neo4j returned properties in. */
const stableJson = configure({ deterministic: true });

export function caseFileJson(file: CaseFile): Buffer {
  return Buffer.from(`${stableJson(file, null, 2)}\n`, 'utf8');
}

const cell = (v: unknown): string | number | boolean | null =>
  v === null || v === undefined
    ? null
    : typeof v === 'object'
      ? (stableJson(v) ?? null)
      : (v as string | number | boolean);

function table(rows: Record<string, unknown>[], columns: string[]): Uint8Array {
  return strToU8(
    csv(
      rows.map((r) => columns.map((c) => cell(r[c]))),
      { header: true, columns, cast: { boolean: String } },
    ),
  );
}

const columnsOf = (rows: Record<string, unknown>[], fallback: string[]): string[] =>
  rows.length ? Object.keys(rows[0]) : fallback;

/**
 * The zip's entries carry the run's end as their time: zip times are local wall-clock fields, so the UTC fields are
 * written as they are, and the bytes do not depend on the server's time zone.
 */
function zipTime(iso: string): Date {
  const t = new Date(iso);
  return new Date(t.getTime() + t.getTimezoneOffset() * 60_000);
}

export function caseFileCsvZip(file: CaseFile): Buffer {
  const mtime = zipTime(file.asOf);
  const { ring, run } = file;
  const entries: Record<string, Uint8Array> = {
    'ring.csv': table([{ ...ring, asOf: file.asOf }], [...Object.keys(ring), 'asOf']),
    'run.csv': table([run], ['id', 'startedAt', 'finishedAt', 'parameters']),
    'members.csv': table(file.members, ['accountId', 'role', 'score', 'signals', 'createdAt', 'region', 'phoneHash']),
    'evidence.csv': table(file.evidence, ['accountId', 'index', 'sentence']),
    'merchants.csv': table(file.merchants, ['id', 'name', 'ownerAccountId']),
    'products.csv': table(file.products, ['id', 'title', 'price', 'merchantId']),
    'devices.csv': table(file.devices, ['id', 'accountCount']),
    'device_uses.csv': table(file.deviceUses, ['accountId', 'deviceId', 'firstSeen', 'lastSeen']),
    'payments.csv': table(
      file.payments,
      columnsOf(file.payments, ['id', 'amount', 'paidAt', 'memo', 'payerAccountId', 'payeeAccountId', 'orderId']),
    ),
    'orders.csv': table(
      file.orders,
      columnsOf(file.orders, [
        'id',
        'accountId',
        'productId',
        'placedAt',
        'amount',
        'keyword',
        'browseSeconds',
        'shipToHash',
      ]),
    ),
    'reviews.csv': table(
      file.reviews,
      columnsOf(file.reviews, ['id', 'accountId', 'productId', 'orderId', 'rating', 'createdAt', 'text']),
    ),
    'withheld.csv': table(
      file.withheld.map((path) => ({ path })),
      ['path'],
    ),
  };
  const zippable = Object.fromEntries(
    Object.entries(entries).map(([name, data]) => [name, [data, { mtime }] as const]),
  );
  return Buffer.from(zipSync(zippable as never, { level: 6 }));
}

/** A GraphML attribute type for a property's values (whole numbers: long; other numbers: double; booleans: boolean; else string). */
function attrType(values: unknown[]): 'long' | 'double' | 'boolean' | 'string' {
  if (values.every((v) => Number.isInteger(v))) return 'long';
  if (values.every((v) => typeof v === 'number')) return 'double';
  if (values.every((v) => typeof v === 'boolean')) return 'boolean';
  return 'string';
}

type Keyed = { for: 'node' | 'edge'; name: string; type: string; id: string };

function keysOf(kind: 'node' | 'edge', items: { properties: Record<string, unknown> }[], reserved: string[]): Keyed[] {
  const values = new Map<string, unknown[]>();
  for (const item of items)
    for (const [k, v] of Object.entries(item.properties ?? {}))
      if (v !== null) (values.get(k) ?? values.set(k, []).get(k)!).push(v);
  const names = [...values.keys()].sort();
  return [
    ...reserved.map((name) => ({ for: kind, name, type: 'string', id: `${kind[0]}_${name}` })),
    ...names.map((name) => ({
      for: kind,
      // A property named like a reserved attribute keeps its value under a prefixed name.
      name: reserved.includes(name) ? `property_${name}` : name,
      type: attrType(values.get(name)!),
      id: `${kind[0]}p_${name}`,
    })),
  ];
}

const text = (v: unknown): string => (typeof v === 'object' ? (stableJson(v) ?? '') : String(v));

/**
 * GraphML of the ring's graph as the API draws it. Nodes carry `label` (their id, which Gephi and yEd show as the
 * name) and `neo4jLabel` (Account, Device, ...); edges carry `type`; every property is its own typed attribute.
 */
export function caseFileGraphml(file: CaseFile): Buffer {
  const nodes = file.graph.nodes as { id: string; label: string; properties: Record<string, unknown> }[];
  const edges = file.graph.edges as {
    id: string;
    source: string;
    target: string;
    type: string;
    properties: Record<string, unknown>;
  }[];
  const nodeKeys = keysOf('node', nodes, ['label', 'neo4jLabel']);
  const edgeKeys = keysOf('edge', edges, ['type']);
  const doc = create({ version: '1.0', encoding: 'UTF-8' }).ele('http://graphml.graphdrawing.org/xmlns', 'graphml', {
    'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
    'xsi:schemaLocation': 'http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd',
  });
  const graphKeys = ['ringId', 'runId', 'asOf', 'truncated', 'limit'];
  for (const name of graphKeys)
    doc.ele('key', { id: `g_${name}`, for: 'graph', 'attr.name': name, 'attr.type': 'string' });
  for (const k of [...nodeKeys, ...edgeKeys])
    doc.ele('key', { id: k.id, for: k.for, 'attr.name': k.name, 'attr.type': k.type });
  const graph = doc.ele('graph', { id: String(file.ring.id), edgedefault: 'directed' });
  const graphData: Record<string, unknown> = {
    ringId: file.ring.id,
    runId: file.run.id,
    asOf: file.asOf,
    truncated: file.graph.truncated,
    limit: file.graph.limit,
  };
  for (const name of graphKeys) graph.ele('data', { key: `g_${name}` }).txt(text(graphData[name]));
  const write = (
    el: ReturnType<typeof graph.ele>,
    keys: Keyed[],
    fixed: Record<string, unknown>,
    props: Record<string, unknown>,
  ) => {
    for (const k of keys) {
      const property = k.id.slice(k.id.indexOf('_') + 1);
      const value = k.id[1] === 'p' ? props[property] : fixed[k.name];
      if (value !== undefined && value !== null) el.ele('data', { key: k.id }).txt(text(value));
    }
  };
  for (const n of nodes)
    write(graph.ele('node', { id: n.id }), nodeKeys, { label: n.id, neo4jLabel: n.label }, n.properties ?? {});
  for (const e of edges)
    write(
      graph.ele('edge', { id: e.id, source: e.source, target: e.target }),
      edgeKeys,
      { type: e.type },
      e.properties ?? {},
    );
  return Buffer.from(`${doc.end({ prettyPrint: true })}\n`, 'utf8');
}

export function renderCaseFile(
  file: CaseFile,
  format: CaseFileFormat,
): { body: Buffer; contentType: string; extension: string } {
  switch (format) {
    case 'json':
      return { body: caseFileJson(file), contentType: 'application/json; charset=utf-8', extension: 'json' };
    case 'csv':
      return { body: caseFileCsvZip(file), contentType: 'application/zip', extension: 'zip' };
    case 'graphml':
      return {
        body: caseFileGraphml(file),
        contentType: 'application/graphml+xml; charset=utf-8',
        extension: 'graphml',
      };
  }
}
