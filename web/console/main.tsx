// The investigator's console: hash routes for the ring list, a ring, an account and a product; sign-in with an API key.
import './console.css';
import { FormEvent, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { apiKey, ApiError, gql, KEY_REJECTED, keyRejected, setApiKey } from '../shared/api';
import { AccountPage } from './account-page';
import { ProductPage } from './product-page';
import { RingPage } from './ring-page';
import { RingsPage } from './rings-page';

type Route = { page: 'rings' } | { page: 'ring' | 'account' | 'product'; id: string };

function route(hash: string): Route {
  const m = /^#\/(ring|account|product)\/(.+)$/.exec(hash);
  return m ? { page: m[1] as 'ring' | 'account' | 'product', id: decodeURIComponent(m[2]) } : { page: 'rings' };
}

function SignIn({ onChange }: { onChange: () => void }) {
  const [key, setKey] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const current = apiKey();
  // A key revoked while signed in is refused on the next request: say so here rather than "Signed in".
  const [, setRejected] = useState(keyRejected());
  useEffect(() => {
    const onRejected = () => setRejected(keyRejected());
    window.addEventListener(KEY_REJECTED, onRejected);
    return () => window.removeEventListener(KEY_REJECTED, onRejected);
  }, []);
  const signIn = async (e: FormEvent) => {
    e.preventDefault();
    setApiKey(key.trim() || null);
    setStatus('Checking the key…');
    try {
      await gql('{ detectionRun { id } }');
      setStatus(null);
      setKey('');
      onChange();
    } catch (error) {
      setApiKey(null);
      setStatus(
        error instanceof ApiError && error.code === 'UNAUTHENTICATED'
          ? 'The API did not accept that key.'
          : String((error as Error).message),
      );
    }
  };
  if (current)
    return (
      <div className={keyRejected() ? 'signin rejected' : 'signin'}>
        {keyRejected() ? (
          <span className="signin-status" role="alert">
            Key …{current.slice(-4)} was refused by the API (revoked, or not valid here).
          </span>
        ) : (
          <>Signed in with key …{current.slice(-4)}</>
        )}{' '}
        <button
          onClick={() => {
            setApiKey(null);
            onChange();
          }}
        >
          Sign out
        </button>
      </div>
    );
  return (
    <form className="signin" onSubmit={signIn}>
      <input
        type="password"
        placeholder="API key (if the API needs one)"
        value={key}
        onChange={(e) => setKey(e.target.value)}
        name="apiKey"
        autoComplete="off"
      />
      <button type="submit">Sign in</button>
      {status ? <span className="signin-status">{status}</span> : null}
    </form>
  );
}

function App() {
  const [current, setCurrent] = useState(route(window.location.hash));
  // The key changes what the API shows: pages are rebuilt when it does.
  const [session, setSession] = useState(0);
  useEffect(() => {
    const onHash = () => setCurrent(route(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [current]);
  const key = `${session}:${current.page}:${'id' in current ? current.id : ''}`;
  return (
    <>
      <header>
        <a href="#/" className="brand">
          ringscope
        </a>
        <nav>
          <a href="#/">Rings</a>
          <a href="/graphql">GraphQL console</a>
        </nav>
        <SignIn onChange={() => setSession((s) => s + 1)} />
      </header>
      <main key={key}>
        {current.page === 'rings' ? <RingsPage /> : null}
        {current.page === 'ring' ? <RingPage id={current.id} /> : null}
        {current.page === 'account' ? <AccountPage id={current.id} /> : null}
        {current.page === 'product' ? <ProductPage id={current.id} /> : null}
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
