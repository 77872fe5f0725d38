// GraphiQL for /graphql, bundled: the schema's docs, and one tab per question of the README with the demo's ids filled in.
import './workers';
import 'graphiql/style.css';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { apiKey } from '../shared/api';
import { EXAMPLES, Sample } from './examples';

const PLACEHOLDER: Sample = { ringId: 'ring-0000000000', accountId: 'a0', productId: 'p0', merchantId: 'm0' };

/** Ids from the data being served (the strongest ring and what is behind it), so every example answers something. */
async function sample(headers: Record<string, string>): Promise<Sample> {
  try {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({
        query:
          '{ rings(first: 1) { edges { node { id members(first: 1) { account { id } } products { id } merchants { id } } } } }',
      }),
    });
    const ring = (await response.json()).data?.rings?.edges?.[0]?.node;
    if (!ring) return PLACEHOLDER;
    return {
      ringId: ring.id,
      accountId: ring.members[0]?.account.id ?? PLACEHOLDER.accountId,
      productId: ring.products[0]?.id ?? PLACEHOLDER.productId,
      merchantId: ring.merchants[0]?.id ?? PLACEHOLDER.merchantId,
    };
  } catch {
    return PLACEHOLDER;
  }
}

async function main(): Promise<void> {
  const key = apiKey();
  const headers: Record<string, string> = key ? { Authorization: `Bearer ${key}` } : {};
  const ids = await sample(headers);
  const tabs = EXAMPLES.map((e) => ({
    query: `# ${e.question}\n${e.query}\n`,
    variables: e.variables ? JSON.stringify(e.variables(ids), null, 2) : undefined,
  }));
  const fetcher = createGraphiQLFetcher({ url: '/graphql' });
  createRoot(document.getElementById('graphiql')!).render(
    <GraphiQL
      fetcher={fetcher}
      defaultTabs={tabs}
      defaultHeaders={key ? JSON.stringify(headers, null, 2) : undefined}
      defaultEditorToolsVisibility
      // Each visit starts from the examples of the data being served, not from a stored session of other data.
      storage={{
        getItem: () => null,
        setItem: () => undefined,
        removeItem: () => undefined,
        clear: () => undefined,
        length: 0,
      }}
    />,
  );
}

void main();
