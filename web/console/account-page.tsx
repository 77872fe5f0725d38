// One account: who it is, the rings it is in, and its links (devices, accounts on the same devices, payments, orders).
import { Empty, Failure, fmt, link, Personal, Show, useQuery } from './ui';

const ACCOUNT = `query Account($id: ID!) {
  account(id: $id) {
    id createdAt region phoneHash
    rings(first: 20) { totalCount edges { node { id kind score size explanation } } }
    devices(first: 20) { totalCount edges { node { device { id } accountCount firstSeen lastSeen } } }
    sharedDeviceAccounts(first: 20) { totalCount edges { node { account { id } sharedDevices { id } } } }
    paymentsSent(first: 20) { totalCount edges { node { id amount paidAt payee { id } order { id } } } }
    paymentsReceived(first: 20) { totalCount edges { node { id amount paidAt payer { id } order { id } } } }
    orders(first: 20) { totalCount edges { node { id placedAt amount product { id title } } } }
    reviews(first: 20) { totalCount edges { node { id rating createdAt text product { id } } } }
  }
}`;

type Page<T> = { totalCount: number; edges: { node: T }[] };

interface AccountAnswer {
  account: {
    id: string;
    createdAt: string;
    region: string | null;
    phoneHash: string | null;
    rings: Page<{ id: string; kind: string; score: number; size: number; explanation: string }>;
    devices: Page<{ device: { id: string }; accountCount: number; firstSeen: string; lastSeen: string }>;
    sharedDeviceAccounts: Page<{ account: { id: string }; sharedDevices: { id: string }[] }>;
    paymentsSent: Page<{
      id: string;
      amount: number;
      paidAt: string;
      payee: { id: string };
      order: { id: string } | null;
    }>;
    paymentsReceived: Page<{
      id: string;
      amount: number;
      paidAt: string;
      payer: { id: string };
      order: { id: string } | null;
    }>;
    orders: Page<{ id: string; placedAt: string; amount: number; product: { id: string; title: string } }>;
    reviews: Page<{ id: string; rating: number; createdAt: string; text: string | null; product: { id: string } }>;
  } | null;
}

function List<T>({
  title,
  page,
  empty,
  row,
}: {
  title: string;
  page: Page<T>;
  empty: string;
  row: (x: T) => React.ReactNode;
}) {
  return (
    <div className="list">
      <h2>
        {title} ({page.totalCount}
        {page.totalCount > page.edges.length ? `, first ${page.edges.length} shown` : ''})
      </h2>
      {page.edges.length ? (
        <ul>
          {page.edges.map((e, i) => (
            <li key={i}>{row(e.node)}</li>
          ))}
        </ul>
      ) : (
        <Empty>{empty}</Empty>
      )}
    </div>
  );
}

export function AccountPage({ id }: { id: string }) {
  const loaded = useQuery<AccountAnswer>(ACCOUNT, { id });
  return (
    <Show loaded={loaded} what={`account ${id}`}>
      {({ data, withheld }) => {
        const a = data!.account;
        if (!a && withheld.has('account'))
          return (
            <Failure
              message="Your key's role may not open account pages (they hold personal data). Ask an admin for an investigator key."
              code="FORBIDDEN"
            />
          );
        if (!a)
          return (
            <Empty>
              No account has id <code>{id}</code>.
            </Empty>
          );
        return (
          <section className="account">
            <p>
              <a href={link.rings()}>← Rings</a>
            </p>
            <h1>
              Account <code>{a.id}</code>
            </h1>
            <p className="meta">
              created {fmt.time(a.createdAt)} · region <Personal value={a.region} field="region" withheld={withheld} />{' '}
              · phone hash{' '}
              <span className="personal">
                <Personal value={a.phoneHash} field="phoneHash" withheld={withheld} />
              </span>
            </p>
            <List
              title="Rings"
              page={a.rings}
              empty="This account is in no stored ring."
              row={(r) => (
                <>
                  <a href={link.ring(r.id)}>{r.id}</a> {r.kind}, score {fmt.score(r.score)}, {r.size} accounts:{' '}
                  <span className="summary" title={r.explanation}>
                    {r.explanation}
                  </span>
                </>
              )}
            />
            <div className="behind">
              <List
                title="Devices"
                page={a.devices}
                empty="No devices recorded."
                row={(d) => (
                  <>
                    <code>{d.device.id}</code> ({d.accountCount} accounts), {fmt.time(d.firstSeen)} to{' '}
                    {fmt.time(d.lastSeen)}
                  </>
                )}
              />
              <List
                title="Accounts on the same devices"
                page={a.sharedDeviceAccounts}
                empty="No other account used its devices."
                row={(s) => (
                  <>
                    <a href={link.account(s.account.id)}>{s.account.id}</a> via{' '}
                    {s.sharedDevices.map((d) => d.id).join(', ')}
                  </>
                )}
              />
            </div>
            <div className="behind">
              <List
                title="Payments sent"
                page={a.paymentsSent}
                empty="None."
                row={(p) => (
                  <>
                    {p.id}: {fmt.money(p.amount)} to <a href={link.account(p.payee.id)}>{p.payee.id}</a> at{' '}
                    {fmt.time(p.paidAt)}
                    {p.order ? ` for ${p.order.id}` : ''}
                  </>
                )}
              />
              <List
                title="Payments received"
                page={a.paymentsReceived}
                empty="None."
                row={(p) => (
                  <>
                    {p.id}: {fmt.money(p.amount)} from <a href={link.account(p.payer.id)}>{p.payer.id}</a> at{' '}
                    {fmt.time(p.paidAt)}
                    {p.order ? ` for ${p.order.id}` : ''}
                  </>
                )}
              />
            </div>
            <div className="behind">
              <List
                title="Orders"
                page={a.orders}
                empty="No orders."
                row={(o) => (
                  <>
                    {o.id}: <a href={link.product(o.product.id)}>{o.product.title}</a> for {fmt.money(o.amount)} at{' '}
                    {fmt.time(o.placedAt)}
                  </>
                )}
              />
              <List
                title="Reviews"
                page={a.reviews}
                empty="No reviews."
                row={(r) => (
                  <>
                    {r.id}: {'★'.repeat(r.rating)} on <a href={link.product(r.product.id)}>{r.product.id}</a> at{' '}
                    {fmt.time(r.createdAt)}
                    {r.text ? ` “${r.text}”` : ''}
                  </>
                )}
              />
            </div>
          </section>
        );
      }}
    </Show>
  );
}
