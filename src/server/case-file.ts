// A ring's case file: everything behind one stored ring, read through the GraphQL schema (so the request's role and
// audit apply exactly as for /graphql), in a deterministic order so the same ring of the same run gives the same bytes.
import { execute, GraphQLError, GraphQLSchema, parse } from 'graphql';
import { ReturnedIds } from '../auth/audit';
import { Context } from '../graphql/context';

const CASE_FILE_QUERY = parse(`
  query CaseFile($id: ID!) {
    ring(id: $id) {
      id kind score size signals explanation firstActivity lastActivity firstDetected
      run { id startedAt finishedAt parameters }
      members {
        account {
          id createdAt region phoneHash
          devices(first: 100) { edges { node { device { id } firstSeen lastSeen } } }
        }
        score role signals evidence
      }
      merchants { id name owner { id } }
      products { id title price merchant { id } }
      devices { id accountCount }
      payments { id amount paidAt memo payer { id } payee { id } order { id } }
      orders { id placedAt amount keyword browseSeconds shipToHash account { id } product { id } }
      reviews { id rating createdAt text account { id } product { id } order { id } }
      graph(limit: 2000) { limit truncated nodes { id label properties } edges { id source target type properties } }
    }
  }
`);

type Row = Record<string, unknown>;

/** The ring's own fields as the case file's `ring` (the lists behind it are entities of their own). */
const RING_FIELDS = [
  'id',
  'kind',
  'score',
  'size',
  'signals',
  'explanation',
  'firstActivity',
  'lastActivity',
  'firstDetected',
];
type Ref = { id: string } | null;

export interface CaseFile {
  format: 'ringscope-case-file/1';
  /** When the evidence was fixed: the end of the detection run the ring was read from (not the wall-clock time). */
  asOf: string;
  ring: Row;
  run: { id: string; startedAt: string; finishedAt: string; parameters: Row };
  members: {
    accountId: string;
    role: string;
    score: number;
    signals: string[];
    createdAt: string;
    region: unknown;
    phoneHash: unknown;
  }[];
  evidence: { accountId: string; index: number; sentence: string }[];
  merchants: Row[];
  products: Row[];
  devices: Row[];
  /** When each member was seen on each of the ring's devices. */
  deviceUses: { accountId: string; deviceId: string; firstSeen: string; lastSeen: string }[];
  payments: Row[];
  orders: Row[];
  reviews: Row[];
  graph: { limit: number; truncated: boolean; nodes: Row[]; edges: Row[] };
  /** Fields the requester's role may not see, as GraphQL reported them (`ring.members.0.account.phoneHash`). */
  withheld: string[];
}

export class CaseFileError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

const byId = (a: Row, b: Row): number => String(a.id).localeCompare(String(b.id));
const idOf = (ref: unknown): string | null => (ref as Ref)?.id ?? null;

/** Reads ring `id` as the given context may see it; throws CaseFileError for an unknown ring or a refused request. */
export async function readCaseFile(schema: GraphQLSchema, context: Context, id: string): Promise<CaseFile> {
  const result = await execute({ schema, document: CASE_FILE_QUERY, variableValues: { id }, contextValue: context });
  const errors = (result.errors ?? []) as GraphQLError[];
  const refused = errors.find((e) => ['FORBIDDEN', 'UNAUTHENTICATED'].includes(String(e.extensions?.code)));
  const ring = (result.data?.ring ?? null) as Row | null;
  if (!ring) {
    if (refused)
      throw new CaseFileError(
        refused.message,
        refused.extensions.code === 'FORBIDDEN' ? 403 : 401,
        String(refused.extensions.code),
      );
    if (errors.length) throw errors[0];
    throw new CaseFileError(`no stored ring has id ${id} in the current detection run`, 404, 'NOT_FOUND');
  }
  // Fields a role may not see come back null with FORBIDDEN errors: the file says which, and keeps the rest.
  const other = errors.filter((e) => !['FORBIDDEN', 'UNAUTHENTICATED'].includes(String(e.extensions?.code)));
  if (other.length) throw other[0];
  const withheld = errors.map((e) => (e.path ?? []).join('.')).sort();
  const run = ring.run as CaseFile['run'];
  const members = (ring.members as Row[]).map(
    (m) => m as { account: Row; score: number; role: string; signals: string[]; evidence: string[] },
  );
  const ringDevices = new Set((ring.devices as Row[]).map((d) => String(d.id)));
  const { merchants, products, devices, payments, orders, reviews, graph } = ring;
  const ringFields = Object.fromEntries(RING_FIELDS.map((k) => [k, ring[k]]));
  const g = graph as CaseFile['graph'];
  return {
    format: 'ringscope-case-file/1',
    asOf: run.finishedAt,
    ring: ringFields,
    run,
    members: members.map((m) => ({
      accountId: String(m.account.id),
      role: m.role,
      score: m.score,
      signals: m.signals,
      createdAt: String(m.account.createdAt),
      region: m.account.region,
      phoneHash: m.account.phoneHash,
    })),
    evidence: members.flatMap((m) =>
      m.evidence.map((sentence, index) => ({ accountId: String(m.account.id), index, sentence })),
    ),
    merchants: (merchants as Row[]).map((x) => ({ id: x.id, name: x.name, ownerAccountId: idOf(x.owner) })).sort(byId),
    products: (products as Row[])
      .map((x) => ({ id: x.id, title: x.title, price: x.price, merchantId: idOf(x.merchant) }))
      .sort(byId),
    devices: [...(devices as Row[])].sort(byId),
    deviceUses: members
      .flatMap((m) =>
        (
          (
            m.account.devices as {
              edges: { node: { device: { id: string }; firstSeen: string; lastSeen: string } }[];
            } | null
          )?.edges ?? []
        )
          .filter((e) => ringDevices.has(e.node.device.id))
          .map((e) => ({
            accountId: String(m.account.id),
            deviceId: e.node.device.id,
            firstSeen: e.node.firstSeen,
            lastSeen: e.node.lastSeen,
          })),
      )
      .sort((a, b) => a.accountId.localeCompare(b.accountId) || a.deviceId.localeCompare(b.deviceId)),
    payments: (payments as Row[])
      .map((x) => ({
        id: x.id,
        amount: x.amount,
        paidAt: x.paidAt,
        memo: x.memo,
        payerAccountId: idOf(x.payer),
        payeeAccountId: idOf(x.payee),
        orderId: idOf(x.order),
      }))
      .sort(byId),
    orders: (orders as Row[])
      .map((x) => ({
        id: x.id,
        accountId: idOf(x.account),
        productId: idOf(x.product),
        placedAt: x.placedAt,
        amount: x.amount,
        keyword: x.keyword,
        browseSeconds: x.browseSeconds,
        shipToHash: x.shipToHash,
      }))
      .sort(byId),
    reviews: (reviews as Row[])
      .map((x) => ({
        id: x.id,
        accountId: idOf(x.account),
        productId: idOf(x.product),
        orderId: idOf(x.order),
        rating: x.rating,
        createdAt: x.createdAt,
        text: x.text,
      }))
      .sort(byId),
    graph: { limit: g.limit, truncated: g.truncated, nodes: [...g.nodes].sort(byId), edges: [...g.edges].sort(byId) },
    withheld,
  };
}

/** The accounts, products and merchants a case file hands over, for the audit trail. */
export function returnedBy(file: CaseFile): ReturnedIds {
  const returned = new ReturnedIds();
  const accounts = [
    ...file.members.map((m) => m.accountId),
    ...file.merchants.map((m) => m.ownerAccountId),
    ...file.deviceUses.map((u) => u.accountId),
    ...file.payments.flatMap((p) => [p.payerAccountId, p.payeeAccountId]),
    ...file.orders.map((o) => o.accountId),
    ...file.reviews.map((r) => r.accountId),
  ];
  for (const id of accounts) returned.add('Account', id);
  const products = [
    ...file.products.map((p) => p.id),
    ...file.orders.map((o) => o.productId),
    ...file.reviews.map((r) => r.productId),
  ];
  for (const id of products) returned.add('Product', id);
  for (const id of [...file.merchants.map((m) => m.id), ...file.products.map((p) => p.merchantId)])
    returned.add('Merchant', id);
  for (const node of file.graph.nodes) returned.addNodeId(node.id);
  return returned;
}
