// The one way the browser talks to ringscope: POST /graphql with the signed-in key, and errors in words.

export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string };
}

export interface Answer<T> {
  data: T | null;
  errors: GraphQLErrorShape[];
  /** Field names the key's role may not see (FORBIDDEN errors on a field; the rest of the answer is there). */
  withheld: Set<string>;
}

const KEY_STORAGE = 'ringscope.apiKey';

export function apiKey(): string | null {
  return window.localStorage.getItem(KEY_STORAGE);
}

export function setApiKey(key: string | null): void {
  if (key) window.localStorage.setItem(KEY_STORAGE, key);
  else window.localStorage.removeItem(KEY_STORAGE);
}

/** Fired on window when the API refuses the signed-in key (HTTP 401): revoked, or never valid here. */
export const KEY_REJECTED = 'ringscope:key-rejected';
let rejectedKey: string | null = null;

/** Whether the API has refused the key the console is signed in with (it stays until sign-out or another key). */
export function keyRejected(): boolean {
  const key = apiKey();
  return key !== null && key === rejectedKey;
}

export function authHeaders(): Record<string, string> {
  const key = apiKey();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

/** A failure the page shows as a sentence. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** Says what went wrong in an investigator's words, from the API's extensions.code and message. */
export function inWords(code: string | undefined, message: string): string {
  switch (code) {
    case 'UNAUTHENTICATED':
      return 'The API needs an API key for this: sign in with your key (top right).';
    case 'KEY_REJECTED':
      return 'The API no longer accepts your key (revoked, or not valid here): sign out and sign in with another key (top right).';
    case 'FORBIDDEN':
      return "Your key's role may not see this. Ask an admin for an investigator key.";
    case 'QUERY_TIMEOUT':
      return 'The query ran past its time limit and was stopped. Ask for less: fewer rows, a smaller graph, fewer hops.';
    case 'RUN_REPLACED':
      return 'A newer detection run replaced this ring while it was being read. Reload the page to see the current run.';
    case 'BAD_USER_INPUT':
      if (/cursor/.test(message) && /replaced|newer run/.test(message))
        return 'A newer detection run replaced the list you were paging through. Go back to the first page.';
      if (/cursor/.test(message))
        return 'That page link no longer fits this list (stale cursor). Go back to the first page.';
      return `The API refused the request: ${message}`;
    case 'NETWORK':
      return 'The API does not answer. Is ringscope running on this address?';
    default:
      return message;
  }
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<Answer<T>> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...authHeaders() },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError(inWords('NETWORK', ''), 'NETWORK');
  }
  let body: { data?: T | null; errors?: GraphQLErrorShape[] };
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`The API answered HTTP ${response.status} without a GraphQL body.`, 'HTTP');
  }
  const sent = apiKey();
  if (response.status === 401 && sent) {
    rejectedKey = sent;
    window.dispatchEvent(new Event(KEY_REJECTED));
    throw new ApiError(inWords('KEY_REJECTED', ''), 'KEY_REJECTED');
  }
  const errors = body.errors ?? [];
  const withheld = new Set<string>();
  for (const e of errors) {
    const last = e.path?.[e.path.length - 1];
    if (e.extensions?.code === 'FORBIDDEN' && typeof last === 'string' && body.data) withheld.add(last);
  }
  const fatal = errors.find((e) => !(e.extensions?.code === 'FORBIDDEN' && body.data && e.path?.length));
  if (fatal || !body.data) {
    const code = fatal?.extensions?.code ?? 'HTTP';
    throw new ApiError(inWords(code, fatal?.message ?? `HTTP ${response.status}`), code);
  }
  return { data: body.data, errors, withheld };
}
