// The ring's graph with Cytoscape.js, from `ring(id) { graph }` exactly as the API returns it: click a node for its
// properties, double-click an account to expand its accountNetwork, filter and colour by label or ring membership.
import cytoscape, { Core, ElementDefinition, NodeSingular } from 'cytoscape';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, gql } from '../shared/api';
import { Failure, link } from './ui';

export interface GraphShape {
  nodes: { id: string; label: string; properties: Record<string, unknown> }[];
  edges: { id: string; source: string; target: string; type: string; properties: Record<string, unknown> }[];
  truncated: boolean;
  limit: number;
}

const NETWORK = `query Around($id: ID!, $via: [NetworkLink!], $limit: Int!) {
  accountNetwork(id: $id, depth: 1, limit: $limit, via: $via) {
    nodes { id label properties } edges { id source target type properties } truncated limit
  }
}`;

export const VIA = ['DEVICES', 'IPS', 'PAYMENTS', 'PURCHASES', 'REVIEWS', 'RINGS'] as const;

const LABEL_COLOURS: Record<string, string> = {
  Ring: '#7b1fa2',
  Account: '#1565c0',
  Device: '#ef6c00',
  Ip: '#f9a825',
  Merchant: '#2e7d32',
  Product: '#00897b',
  Order: '#6d4c41',
  Review: '#c2185b',
  Payment: '#d32f2f',
};

/** Rings of the concentric layout: the ring in the middle, its accounts around it, the evidence outside. */
const LEVEL: Record<string, number> = {
  Ring: 5,
  Account: 4,
  Device: 3,
  Ip: 3,
  Payment: 3,
  Merchant: 2,
  Product: 2,
  Order: 1,
  Review: 1,
};

declare global {
  interface Window {
    /** For browser tests and the curious: the Cytoscape instance of the ring view. */
    ringscopeGraph?: Core;
  }
}

const elementsOf = (g: GraphShape, expandedFrom?: string): ElementDefinition[] => [
  ...[...g.nodes]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((n) => ({ group: 'nodes' as const, data: { ...n, expandedFrom } })),
  ...[...g.edges].sort((a, b) => a.id.localeCompare(b.id)).map((e) => ({ group: 'edges' as const, data: e })),
];

/** Why this key may not expand an account, in words: the role it has and the one it needs. */
function refusal(id: string, message = ''): string {
  const has = /has (\w+)\.?$/.exec(message)?.[1];
  return (
    `Your key cannot expand account ${id}: what surrounds an account (its devices, IPs and payments) needs an ` +
    `investigator key${has ? `, and this key's role is ${has}` : ''}. Ask an admin for an investigator key.`
  );
}

function name(id: string): string {
  return id.slice(id.indexOf(':') + 1);
}

export function RingGraph({ graph, ringId, memberIds }: { graph: GraphShape; ringId: string; memberIds: Set<string> }) {
  const container = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  const [selected, setSelected] = useState<{ id: string; label: string; properties: Record<string, unknown> } | null>(
    null,
  );
  const [colourBy, setColourBy] = useState<'label' | 'membership'>('label');
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const [via, setVia] = useState<Set<string>>(new Set(['DEVICES', 'IPS', 'PAYMENTS']));
  const [labels, setLabels] = useState<string[]>([]);
  const [counts, setCounts] = useState({ nodes: 0, edges: 0 });
  const [notes, setNotes] = useState<string[]>([]);
  const [expandError, setExpandError] = useState<string | null>(null);
  const [expanding, setExpanding] = useState<string | null>(null);
  const viaRef = useRef(via);
  viaRef.current = via;

  const refresh = () => {
    const c = cy.current!;
    setLabels([...new Set(c.nodes().map((n) => String(n.data('label'))))].sort());
    setCounts({ nodes: c.nodes().length, edges: c.edges().length });
  };

  const colour = useMemo(
    () => (n: NodeSingular) =>
      colourBy === 'label'
        ? (LABEL_COLOURS[n.data('label')] ?? '#757575')
        : n.data('label') === 'Ring'
          ? '#7b1fa2'
          : memberIds.has(n.id())
            ? '#c62828'
            : n.data('label') === 'Account'
              ? '#90a4ae'
              : '#cfd8dc',
    [colourBy, memberIds],
  );

  useEffect(() => {
    const c = cytoscape({
      container: container.current,
      elements: elementsOf(graph),
      style: [
        {
          selector: 'node',
          style: {
            label: (n: NodeSingular) => name(n.id()),
            'font-size': 9,
            'text-valign': 'bottom',
            'text-margin-y': 2,
            width: 14,
            height: 14,
            'border-width': 0,
          },
        },
        { selector: 'node[label = "Ring"]', style: { width: 30, height: 30, shape: 'diamond' } },
        { selector: 'node[label = "Account"]', style: { shape: 'ellipse' } },
        { selector: 'node[label = "Device"], node[label = "Ip"]', style: { shape: 'round-rectangle' } },
        { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#000' } },
        {
          selector: 'node[expandedFrom]',
          style: { 'border-width': 1, 'border-color': '#555', 'border-style': 'dashed' },
        },
        {
          selector: 'edge',
          style: {
            width: 1,
            'line-color': '#b0bec5',
            'curve-style': 'bezier',
            'target-arrow-shape': 'triangle',
            'target-arrow-color': '#b0bec5',
            'arrow-scale': 0.6,
          },
        },
        { selector: 'edge[type = "MEMBER_OF"]', style: { 'line-color': '#ce93d8', 'target-arrow-color': '#ce93d8' } },
        { selector: '.hidden', style: { display: 'none' } },
      ],
      // Concentric by kind of node, elements in id order, then force-directed from there without randomness:
      // the same graph always lands in the same places.
      layout: {
        name: 'concentric',
        concentric: (n: NodeSingular) => LEVEL[n.data('label')] ?? 0,
        levelWidth: () => 1,
        minNodeSpacing: 6,
        animate: false,
      },
    });
    c.layout({
      name: 'cose',
      randomize: false,
      animate: false,
      numIter: 1500,
      nodeRepulsion: () => 6000,
      idealEdgeLength: () => 40,
    } as cytoscape.LayoutOptions).run();
    cy.current = c;
    window.ringscopeGraph = c;
    c.on('tap', 'node', (e) => {
      const n = e.target as NodeSingular;
      setSelected({ id: n.id(), label: n.data('label'), properties: n.data('properties') ?? {} });
    });
    c.on('tap', (e) => {
      if (e.target === c) setSelected(null);
    });
    c.on('dbltap', 'node[label = "Account"]', (e) => void expand(e.target as NodeSingular));
    refresh();
    return () => {
      c.destroy();
      cy.current = null;
      if (window.ringscopeGraph === c) delete window.ringscopeGraph;
    };
  }, [graph]);

  useEffect(() => {
    const c = cy.current;
    if (!c) return;
    c.nodes().forEach((n) => {
      n.style('background-color', colour(n));
    });
  }, [colour, counts]);

  useEffect(() => {
    const c = cy.current;
    if (!c) return;
    c.nodes().forEach((n) => {
      if (hidden.has(n.data('label'))) n.addClass('hidden');
      else n.removeClass('hidden');
    });
  }, [hidden, counts]);

  async function expand(node: NodeSingular) {
    const c = cy.current!;
    const id = name(node.id());
    setExpanding(id);
    setExpandError(null);
    try {
      const { data, withheld, errors } = await gql<{ accountNetwork: GraphShape | null }>(NETWORK, {
        id,
        via: [...viaRef.current],
        limit: 100,
      });
      // A role below investigator gets a FORBIDDEN field and a null network: say so, not "not in the database".
      if (withheld.has('accountNetwork')) {
        setExpandError(refusal(id, errors.find((e) => e.path?.[0] === 'accountNetwork')?.message));
        return;
      }
      const net = data?.accountNetwork;
      if (!net) {
        setExpandError(`Account ${id} is not in the database any more.`);
        return;
      }
      const fresh = elementsOf(net, node.id()).filter((el) => c.getElementById(String(el.data.id)).empty());
      const added = c.add(fresh);
      const newNodes = added.nodes();
      // Only the new nodes are laid out, in a circle around the account: what was on screen stays where it was.
      if (newNodes.length) {
        const p = node.position();
        const r = 60 + newNodes.length * 4;
        newNodes
          .layout({
            name: 'circle',
            boundingBox: { x1: p.x - r, y1: p.y - r, w: 2 * r, h: 2 * r },
            animate: false,
            fit: false,
          })
          .run();
      }
      setNotes((old) => [
        ...old,
        `${id}: ${newNodes.length} new node${newNodes.length === 1 ? '' : 's'} via ${[...viaRef.current].join(', ') || 'every link'}` +
          (net.truncated
            ? ` (the API cut the neighbourhood at ${net.limit} nodes: what is shown is the nearest part)`
            : ''),
      ]);
      refresh();
    } catch (error) {
      setExpandError(error instanceof ApiError ? error.message : String(error));
    } finally {
      setExpanding(null);
    }
  }

  const toggle = (set: Set<string>, value: string, update: (s: Set<string>) => void) => {
    const next = new Set(set);
    if (next.has(value)) next.delete(value);
    else next.add(value);
    update(next);
  };

  return (
    <div className="graph-panel">
      {graph.truncated ? (
        <p className="state warning" role="status">
          This ring's graph is larger than the {graph.limit} nodes the API was asked for: what is drawn is the nearest
          part (members first, then devices, payments, shops and products). Raise the node limit to see more.
        </p>
      ) : null}
      <div className="graph-tools">
        <span className="counts" data-testid="graph-counts">
          {counts.nodes} nodes, {counts.edges} edges
        </span>
        <span>
          Colour by{' '}
          <select
            value={colourBy}
            onChange={(e) => setColourBy(e.target.value as 'label' | 'membership')}
            name="colourBy"
          >
            <option value="label">label</option>
            <option value="membership">ring membership</option>
          </select>
        </span>
        <span className="label-filter">
          Show:{' '}
          {labels.map((l) => (
            <label key={l} style={{ color: LABEL_COLOURS[l] }}>
              <input
                type="checkbox"
                checked={!hidden.has(l)}
                onChange={() => toggle(hidden, l, setHidden)}
                name={`show-${l}`}
              />
              {l}
            </label>
          ))}
        </span>
        <span className="via">
          Double-click an account to expand via:{' '}
          {VIA.map((v) => (
            <label key={v}>
              <input type="checkbox" checked={via.has(v)} onChange={() => toggle(via, v, setVia)} name={`via-${v}`} />
              {v.toLowerCase()}
            </label>
          ))}
        </span>
        <button onClick={() => cy.current?.fit(undefined, 20)}>Fit</button>
      </div>
      <div className="graph-and-details">
        <div ref={container} className="graph" data-testid="ring-graph" aria-label={`Graph of ${ringId}`} />
        <aside className="node-details" data-testid="node-details">
          {selected ? (
            <>
              <h3>
                {selected.label} <code>{name(selected.id)}</code>
              </h3>
              {selected.label === 'Account' ? <a href={link.account(name(selected.id))}>Open account page</a> : null}
              {selected.label === 'Product' ? <a href={link.product(name(selected.id))}>Open product page</a> : null}
              {selected.label === 'Ring' && name(selected.id) !== ringId ? (
                <a href={link.ring(name(selected.id))}>Open ring</a>
              ) : null}
              <dl>
                {Object.entries(selected.properties)
                  .sort(([a], [b]) => a.localeCompare(b))
                  .map(([k, v]) => (
                    <div key={k}>
                      <dt>{k}</dt>
                      <dd>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</dd>
                    </div>
                  ))}
              </dl>
            </>
          ) : (
            <p className="hint">
              Click a node to see its properties. Double-click an account to expand what surrounds it.
            </p>
          )}
          {expanding ? <p className="state loading">Expanding {expanding}…</p> : null}
          {expandError ? <Failure message={expandError} /> : null}
          {notes.length ? (
            <ul className="expansions" data-testid="expansions">
              {notes.map((n, i) => (
                <li key={i}>{n}</li>
              ))}
            </ul>
          ) : null}
        </aside>
      </div>
    </div>
  );
}
