// One product: is its rating real? The rating with and without ring reviews, and its purchase bursts as a chart.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';
import { Empty, fmt, link, Show, useQuery } from './ui';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const PRODUCT = `query Product($id: ID!) {
  product(id: $id) {
    id title price merchant { id name }
    rings(first: 20) { totalCount edges { node { id kind score size } } }
  }
  productIntegrity(id: $id, maxBursts: 30) {
    averageRating averageRatingWithoutRings ringReviewShare reviewCount ringReviewCount orderCount ringOrderCount
    bursts { start end orders buyers ordersPerBuyer ringBuyers }
  }
}`;

interface Burst {
  start: string;
  end: string;
  orders: number;
  buyers: number;
  ordersPerBuyer: number;
  ringBuyers: number;
}

interface ProductAnswer {
  product: {
    id: string;
    title: string;
    price: number;
    merchant: { id: string; name: string };
    rings: { totalCount: number; edges: { node: { id: string; kind: string; score: number; size: number } }[] };
  } | null;
  productIntegrity: {
    averageRating: number | null;
    averageRatingWithoutRings: number | null;
    ringReviewShare: number;
    reviewCount: number;
    ringReviewCount: number;
    orderCount: number;
    ringOrderCount: number;
    bursts: Burst[];
  } | null;
}

declare global {
  interface Window {
    /** For browser tests: the burst chart of the product page. */
    ringscopeBurstChart?: Chart;
  }
}

function BurstChart({ bursts }: { bursts: Burst[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    // In time order, so the chart reads as a timeline of the busiest hours.
    const sorted = [...bursts].sort((a, b) => a.start.localeCompare(b.start));
    const chart = new Chart(canvas.current!, {
      type: 'bar',
      data: {
        labels: sorted.map((b) => fmt.time(b.start)),
        datasets: [
          {
            label: 'buyers in a ring',
            data: sorted.map((b) => b.ringBuyers),
            backgroundColor: '#c62828',
            stack: 'buyers',
          },
          {
            label: 'other buyers',
            data: sorted.map((b) => b.buyers - b.ringBuyers),
            backgroundColor: '#90a4ae',
            stack: 'buyers',
          },
          { label: 'orders', data: sorted.map((b) => b.orders), backgroundColor: '#1565c0', stack: 'orders' },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true },
          y: { stacked: true, beginAtZero: true, title: { display: true, text: 'in the hour' } },
        },
      },
    });
    window.ringscopeBurstChart = chart;
    return () => chart.destroy();
  }, [bursts]);
  return (
    <div className="chart">
      <canvas ref={canvas} data-testid="burst-chart" />
    </div>
  );
}

const stars = (r: number | null) => (r === null ? '—' : `${r.toFixed(2)} ★`);

export function ProductPage({ id }: { id: string }) {
  const loaded = useQuery<ProductAnswer>(PRODUCT, { id });
  return (
    <Show loaded={loaded} what={`product ${id}`}>
      {({ data }) => {
        const p = data!.product;
        const integrity = data!.productIntegrity;
        if (!p || !integrity)
          return (
            <Empty>
              No product has id <code>{id}</code>.
            </Empty>
          );
        return (
          <section className="product">
            <p>
              <a href={link.rings()}>← Rings</a>
            </p>
            <h1>
              {p.title} <code>{p.id}</code>
            </h1>
            <p className="meta">
              {fmt.money(p.price)} · shop <code>{p.merchant.id}</code> {p.merchant.name}
            </p>
            <div className="ratings" data-testid="ratings">
              <div>
                <div className="big">{stars(integrity.averageRating)}</div>
                rating over all {integrity.reviewCount} reviews
              </div>
              <div>
                <div className="big">{stars(integrity.averageRatingWithoutRings)}</div>
                without the {integrity.ringReviewCount} reviews by ring members
              </div>
              <div>
                <div className="big">{(integrity.ringReviewShare * 100).toFixed(0)}%</div>
                of reviews written by ring members; {integrity.ringOrderCount} of {integrity.orderCount} orders
              </div>
            </div>
            <h2>Purchase bursts</h2>
            {integrity.bursts.length ? (
              <>
                <p className="meta">
                  The {integrity.bursts.length} busiest clock hours with at least 5 orders. Shopee's order-brushing rule
                  flags an hour at 3 or more orders per buyer.
                </p>
                <BurstChart bursts={integrity.bursts} />
              </>
            ) : (
              <Empty>No hour had 5 or more orders of this product.</Empty>
            )}
            <h2>Rings with this product in their evidence ({p.rings.totalCount})</h2>
            {p.rings.edges.length ? (
              <ul>
                {p.rings.edges.map(({ node: r }) => (
                  <li key={r.id}>
                    <a href={link.ring(r.id)}>{r.id}</a> {r.kind}, score {fmt.score(r.score)}, {r.size} accounts
                  </li>
                ))}
              </ul>
            ) : (
              <Empty>No stored ring has this product among its evidence.</Empty>
            )}
          </section>
        );
      }}
    </Show>
  );
}
