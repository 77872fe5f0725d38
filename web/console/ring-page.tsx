// One ring: the explanation, members with role, signals and evidence, what is behind it, its graph, and the case file.
import { useState } from 'react';
import { authHeaders } from '../shared/api';
import { RingGraph, GraphShape } from './ring-graph';
import { Empty, Failure, fmt, link, Personal, Show, useQuery } from './ui';

const RING = `query Ring($id: ID!, $limit: Int!) {
  ring(id: $id) {
    id kind signals score size explanation firstActivity lastActivity firstDetected
    run { id finishedAt }
    members { account { id region phoneHash } score role signals evidence }
    merchants { id name }
    products { id title price merchant { id } }
    payments { id amount paidAt memo payer { id } payee { id } order { id } }
    devices { id accountCount }
    orders { id }
    reviews { id }
    graph(limit: $limit) { nodes { id label properties } edges { id source target type properties } truncated limit }
  }
}`;

interface RingAnswer {
  ring: {
    id: string;
    kind: string;
    signals: string[];
    score: number;
    size: number;
    explanation: string;
    firstActivity: string | null;
    lastActivity: string | null;
    firstDetected: string | null;
    run: { id: string; finishedAt: string } | null;
    members: {
      account: { id: string; region: string | null; phoneHash: string | null };
      score: number;
      role: string;
      signals: string[];
      evidence: string[];
    }[];
    merchants: { id: string; name: string }[];
    products: { id: string; title: string; price: number; merchant: { id: string } }[];
    payments: {
      id: string;
      amount: number;
      paidAt: string;
      memo: string | null;
      payer: { id: string };
      payee: { id: string };
      order: { id: string } | null;
    }[];
    devices: { id: string; accountCount: number }[];
    orders: { id: string }[];
    reviews: { id: string }[];
    graph: GraphShape;
  } | null;
}

/** Downloads a case file with the signed-in key (a plain link could not send the Authorization header). */
async function download(ringId: string, format: string, setStatus: (s: string | null) => void) {
  setStatus(`Preparing the ${format.toUpperCase()} case file…`);
  try {
    const response = await fetch(`/rings/${encodeURIComponent(ringId)}/export?format=${format}`, {
      headers: authHeaders(),
    });
    if (!response.ok) {
      const body = await response.json().catch(() => null);
      setStatus(`The case file could not be made: ${body?.errors?.[0]?.message ?? `HTTP ${response.status}`}`);
      return;
    }
    const name =
      /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `${ringId}.${format}`;
    const url = URL.createObjectURL(await response.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    URL.revokeObjectURL(url);
    setStatus(`Saved ${name} (exported ${response.headers.get('x-ringscope-exported-at') ?? 'now'}).`);
  } catch {
    setStatus('The case file could not be downloaded: the API does not answer.');
  }
}

export function RingPage({ id }: { id: string }) {
  const [limit, setLimit] = useState(300);
  const [limitDraft, setLimitDraft] = useState('300');
  const [exportStatus, setExportStatus] = useState<string | null>(null);
  const loaded = useQuery<RingAnswer>(RING, { id, limit });
  return (
    <Show loaded={loaded} what={`ring ${id}`}>
      {({ data, withheld }) => {
        const ring = data!.ring;
        if (!ring)
          return (
            <Empty>
              No ring has id <code>{id}</code> in the current detection run: it may have dissolved in a re-run.{' '}
              <a href={link.rings()}>Back to the list</a>.
            </Empty>
          );
        const memberIds = new Set(ring.members.map((m) => `Account:${m.account.id}`));
        return (
          <section className="ring">
            <p>
              <a href={link.rings()}>← Rings</a>
            </p>
            <h1>
              {ring.kind} ring <code>{ring.id}</code>
            </h1>
            <p className="meta">
              score {fmt.score(ring.score)} · {ring.size} accounts · signals {ring.signals.join(', ')} · active{' '}
              {fmt.time(ring.firstActivity)} to {fmt.time(ring.lastActivity)} · first detected{' '}
              {fmt.time(ring.firstDetected)} · run <code>{ring.run?.id}</code>
            </p>
            <p className="explanation" data-testid="explanation">
              {ring.explanation}
            </p>
            <div className="export">
              Case file:{' '}
              {['json', 'csv', 'graphml'].map((f) => (
                <button key={f} onClick={() => void download(ring.id, f, setExportStatus)} data-format={f}>
                  {f === 'csv' ? 'CSV (zip)' : f.toUpperCase()}
                </button>
              ))}
              {exportStatus ? <span className="export-status">{exportStatus}</span> : null}
            </div>
            <h2>Graph</h2>
            <form
              className="limit"
              onSubmit={(e) => {
                e.preventDefault();
                setLimit(Math.min(2000, Math.max(1, Number(limitDraft) || 300)));
              }}
            >
              <label>
                Node limit{' '}
                <input
                  type="number"
                  min="1"
                  max="2000"
                  value={limitDraft}
                  onChange={(e) => setLimitDraft(e.target.value)}
                  name="limit"
                />
              </label>
              <button type="submit">Redraw</button>
            </form>
            <RingGraph graph={ring.graph} ringId={ring.id} memberIds={memberIds} />
            <h2>Members ({ring.members.length})</h2>
            <table className="members">
              <thead>
                <tr>
                  <th>Account</th>
                  <th>Role</th>
                  <th>Score</th>
                  <th>Signals</th>
                  <th>Region</th>
                  <th>Phone hash</th>
                  <th>Evidence</th>
                </tr>
              </thead>
              <tbody>
                {ring.members.map((m) => (
                  <tr key={m.account.id} data-account-id={m.account.id}>
                    <td>
                      <a href={link.account(m.account.id)}>{m.account.id}</a>
                    </td>
                    <td>{m.role}</td>
                    <td>{fmt.score(m.score)}</td>
                    <td>{m.signals.join(', ')}</td>
                    <td>
                      <Personal value={m.account.region} field="region" withheld={withheld} />
                    </td>
                    <td className="personal">
                      <Personal value={m.account.phoneHash} field="phoneHash" withheld={withheld} />
                    </td>
                    <td>
                      <ul className="evidence">
                        {m.evidence.map((e, i) => (
                          <li key={i}>{e}</li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="behind">
              <div>
                <h2>Shops ({ring.merchants.length})</h2>
                {ring.merchants.length ? (
                  <ul>
                    {ring.merchants.map((m) => (
                      <li key={m.id}>
                        <code>{m.id}</code> {m.name}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <Empty>No shop is recorded as benefiting.</Empty>
                )}
              </div>
              <div>
                <h2>Products ({ring.products.length})</h2>
                {ring.products.length ? (
                  <ul>
                    {ring.products.map((p) => (
                      <li key={p.id}>
                        <a href={link.product(p.id)}>{p.id}</a> {p.title} ({fmt.money(p.price)}, shop {p.merchant.id})
                      </li>
                    ))}
                  </ul>
                ) : (
                  <Empty>No products are part of the evidence.</Empty>
                )}
              </div>
              <div>
                <h2>Devices ({ring.devices.length})</h2>
                {ring.devices.length ? (
                  <ul>
                    {ring.devices.map((d) => (
                      <li key={d.id}>
                        <code>{d.id}</code>: {d.accountCount} accounts
                      </li>
                    ))}
                  </ul>
                ) : (
                  <Empty>No shared devices are part of the evidence.</Empty>
                )}
              </div>
            </div>
            <h2>Payments ({ring.payments.length})</h2>
            {ring.payments.length ? (
              <table className="payments">
                <thead>
                  <tr>
                    <th>Payment</th>
                    <th>Paid</th>
                    <th>Amount</th>
                    <th>From</th>
                    <th>To</th>
                    <th>Order</th>
                    <th>Memo</th>
                  </tr>
                </thead>
                <tbody>
                  {ring.payments.map((p) => (
                    <tr key={p.id}>
                      <td>{p.id}</td>
                      <td>{fmt.time(p.paidAt)}</td>
                      <td>{fmt.money(p.amount)}</td>
                      <td>
                        <a href={link.account(p.payer.id)}>{p.payer.id}</a>
                      </td>
                      <td>
                        <a href={link.account(p.payee.id)}>{p.payee.id}</a>
                      </td>
                      <td>{p.order?.id ?? '—'}</td>
                      <td>{p.memo ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <Empty>No payments are part of the evidence.</Empty>
            )}
            <p className="meta">
              {ring.orders.length} orders and {ring.reviews.length} reviews are part of the evidence; every one is in
              the case file.
            </p>
            {withheld.size ? (
              <Failure
                message={`Some fields are withheld for your key's role: ${[...withheld].sort().join(', ')}.`}
                code="FORBIDDEN"
              />
            ) : null}
          </section>
        );
      }}
    </Show>
  );
}
