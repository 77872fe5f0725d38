// /healthz as the tests that load or break the server ask it: the answer, never a stopwatch. The 30 s abort only
// tells a hang (more than 30 s without an answer, the bug issue 8 reported) from an answer.
export interface Health {
  status: number;
  body: { status?: string; database?: { reachable?: boolean }; access?: string };
}

export async function healthz(base: string): Promise<Health> {
  const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(30_000) });
  return { status: response.status, body: (await response.json()) as Health['body'] };
}
