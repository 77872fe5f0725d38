// Small shared pieces: the loading / empty / error states in words, links, and the hook every page loads data with.
import { ReactNode, useEffect, useState } from 'react';
import { Answer, ApiError, gql } from '../shared/api';

export type Loaded<T> =
  { state: 'loading' } | { state: 'error'; message: string; code: string } | { state: 'done'; answer: Answer<T> };

/** Runs a query whenever its variables change; the page renders each state. */
export function useQuery<T>(query: string, variables: Record<string, unknown>, reloadKey = 0): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const key = JSON.stringify(variables);
  useEffect(() => {
    let live = true;
    setLoaded({ state: 'loading' });
    gql<T>(query, variables).then(
      (answer) => live && setLoaded({ state: 'done', answer }),
      (error: unknown) =>
        live &&
        setLoaded({
          state: 'error',
          message: error instanceof Error ? error.message : String(error),
          code: error instanceof ApiError ? error.code : 'UNKNOWN',
        }),
    );
    return () => {
      live = false;
    };
  }, [query, key, reloadKey]);
  return loaded;
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="state loading" role="status">
      Loading {what}…
    </p>
  );
}

export function Failure({ message, code }: { message: string; code?: string }) {
  return (
    <p className="state error" role="alert" data-code={code}>
      {message}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state empty">{children}</p>;
}

/** Renders a loaded query: the loading sentence, the error in words, or the page. */
export function Show<T>({
  loaded,
  what,
  children,
}: {
  loaded: Loaded<T>;
  what: string;
  children: (answer: Answer<T>) => ReactNode;
}) {
  if (loaded.state === 'loading') return <Loading what={what} />;
  if (loaded.state === 'error') return <Failure message={loaded.message} code={loaded.code} />;
  return <>{children(loaded.answer)}</>;
}

/** A personal field: its value, or a note when the key's role may not see it. */
export function Personal({ value, field, withheld }: { value: unknown; field: string; withheld: Set<string> }) {
  if (withheld.has(field))
    return (
      <span className="withheld" title="Your key's role may not see this field">
        withheld for your role
      </span>
    );
  return <>{value === null || value === undefined || value === '' ? '—' : String(value)}</>;
}

export const link = {
  rings: () => '#/',
  ring: (id: string) => `#/ring/${encodeURIComponent(id)}`,
  account: (id: string) => `#/account/${encodeURIComponent(id)}`,
  product: (id: string) => `#/product/${encodeURIComponent(id)}`,
};

export const fmt = {
  score: (s: number) => s.toFixed(2),
  time: (iso: string | null | undefined) => (iso ? iso.replace('T', ' ').replace(/(:\d\d)(\.\d+)?Z$/, '$1 UTC') : '—'),
  money: (n: number) => n.toFixed(2),
};
