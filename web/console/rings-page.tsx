// The ring list: filters (kind, score, size, shop, product, detected since), order, and pages through `rings`.
import { FormEvent, useState } from 'react';
import { Empty, fmt, link, Show, useQuery } from './ui';

const RING_KINDS = `{ __type(name: "RingKind") { enumValues { name description } } }`;

const RINGS = `query Rings($kind: RingKind, $minScore: Float!, $minSize: Int!, $merchantId: ID, $productId: ID,
    $detectedSince: DateTimeISO, $orderBy: RingOrder!, $after: String) {
  rings(kind: $kind, minScore: $minScore, minSize: $minSize, merchantId: $merchantId, productId: $productId,
        detectedSince: $detectedSince, orderBy: $orderBy, first: 20, after: $after) {
    totalCount
    edges { node { id kind signals score size firstDetected lastActivity explanation merchants { id name } } }
    pageInfo { hasNextPage endCursor }
  }
  detectionRun { id finishedAt }
}`;

interface RingRow {
  id: string;
  kind: string;
  signals: string[];
  score: number;
  size: number;
  firstDetected: string | null;
  lastActivity: string | null;
  explanation: string;
  merchants: { id: string; name: string }[];
}

interface RingsAnswer {
  rings: {
    totalCount: number;
    edges: { node: RingRow }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
  detectionRun: { id: string; finishedAt: string } | null;
}

interface Filters {
  kind: string;
  minScore: string;
  minSize: string;
  merchantId: string;
  productId: string;
  detectedSince: string;
  orderBy: string;
}

const NO_FILTERS: Filters = {
  kind: '',
  minScore: '0',
  minSize: '2',
  merchantId: '',
  productId: '',
  detectedSince: '',
  orderBy: 'SCORE',
};

function variables(f: Filters, after: string | null) {
  return {
    kind: f.kind || null,
    minScore: Number(f.minScore) || 0,
    minSize: Math.max(1, Math.round(Number(f.minSize) || 1)),
    merchantId: f.merchantId.trim() || null,
    productId: f.productId.trim() || null,
    detectedSince: f.detectedSince ? new Date(f.detectedSince).toISOString() : null,
    orderBy: f.orderBy,
    after,
  };
}

export function RingsPage() {
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  // Cursors of the pages before this one, so "previous" works with forward-only Relay paging.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const kinds = useQuery<{ __type: { enumValues: { name: string; description: string }[] } | null }>(RING_KINDS, {});
  const rings = useQuery<RingsAnswer>(RINGS, variables(filters, after));
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilters(draft);
    setCursors([null]);
  };
  const kindOptions = kinds.state === 'done' ? (kinds.answer.data?.__type?.enumValues ?? []) : [];
  return (
    <section>
      <h1>Rings</h1>
      <form className="filters" onSubmit={apply} aria-label="Ring filters">
        <label>
          Kind
          <select value={draft.kind} onChange={set('kind')} name="kind">
            <option value="">any</option>
            {kindOptions.map((k) => (
              <option key={k.name} value={k.name} title={k.description}>
                {k.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Score at least
          <input
            type="number"
            min="0"
            max="1"
            step="0.05"
            value={draft.minScore}
            onChange={set('minScore')}
            name="minScore"
          />
        </label>
        <label>
          Size at least
          <input type="number" min="1" step="1" value={draft.minSize} onChange={set('minSize')} name="minSize" />
        </label>
        <label>
          Shop id
          <input value={draft.merchantId} onChange={set('merchantId')} placeholder="m12" name="merchantId" />
        </label>
        <label>
          Product id
          <input value={draft.productId} onChange={set('productId')} placeholder="p40" name="productId" />
        </label>
        <label>
          Detected since
          <input
            type="datetime-local"
            value={draft.detectedSince}
            onChange={set('detectedSince')}
            name="detectedSince"
          />
        </label>
        <label>
          Order
          <select value={draft.orderBy} onChange={set('orderBy')} name="orderBy">
            <option value="SCORE">score</option>
            <option value="SIZE">size</option>
            <option value="LAST_ACTIVITY">last activity</option>
          </select>
        </label>
        <button type="submit">Apply</button>
        <button
          type="button"
          onClick={() => {
            setDraft(NO_FILTERS);
            setFilters(NO_FILTERS);
            setCursors([null]);
          }}
        >
          Clear
        </button>
      </form>
      <Show loaded={rings} what="rings">
        {({ data }) => {
          const page = data!.rings;
          const run = data!.detectionRun;
          if (!run)
            return <Empty>No detection run is stored yet: run `ringscope detect` or the runDetection mutation.</Empty>;
          return (
            <>
              <p className="meta">
                {page.totalCount} ring{page.totalCount === 1 ? '' : 's'} in detection run <code>{run.id}</code>{' '}
                (finished {fmt.time(run.finishedAt)}
                ); page {cursors.length}.
              </p>
              {page.edges.length === 0 ? (
                <Empty>
                  No ring matches these filters. Lower the score or size, or clear the shop, product and date.
                </Empty>
              ) : (
                <table className="rings">
                  <thead>
                    <tr>
                      <th>Ring</th>
                      <th>Kind</th>
                      <th>Score</th>
                      <th>Size</th>
                      <th>Shops</th>
                      <th>First detected</th>
                      <th>Explanation</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.edges.map(({ node: r }) => (
                      <tr key={r.id} data-ring-id={r.id}>
                        <td>
                          <a href={link.ring(r.id)}>{r.id}</a>
                        </td>
                        <td>
                          {r.kind}
                          {r.kind === 'COMBINED' ? <div className="small">{r.signals.join(' + ')}</div> : null}
                        </td>
                        <td>{fmt.score(r.score)}</td>
                        <td>{r.size}</td>
                        <td>{r.merchants.map((m) => m.name).join(', ')}</td>
                        <td>{fmt.time(r.firstDetected)}</td>
                        <td className="explanation">
                          <div className="summary" title={r.explanation}>
                            {r.explanation}
                          </div>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              <nav className="pager">
                <button disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>
                  ← Previous
                </button>
                <button
                  disabled={!page.pageInfo.hasNextPage}
                  onClick={() => setCursors([...cursors, page.pageInfo.endCursor])}
                >
                  Next →
                </button>
              </nav>
            </>
          );
        }}
      </Show>
    </section>
  );
}
