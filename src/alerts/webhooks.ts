// Posts a detection run's ring events to the RINGSCOPE_WEBHOOKS URLs: JSON, signed with HMAC-SHA256, retried.
import crypto from 'node:crypto';
import { RingEvent } from '../detection/ring-events';
import { StoredRun } from '../detection/store';
import { logger } from '../util/logger';

export const SIGNATURE_HEADER = 'X-Ringscope-Signature';

export interface WebhookOptions {
  urls: string[];
  secret: string;
  /** Attempts per URL (the first and the retries). */
  attempts?: number;
  /** Wait before the first retry; doubled after each. */
  retryDelayMs?: number;
  timeoutMs?: number;
}

export interface Delivery {
  url: string;
  ok: boolean;
  attempts: number;
  status: number | null;
}

/** `sha256=<hex>` of the exact body bytes; receivers recompute it with the shared secret and compare in constant time. */
export function signature(secret: string, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function webhookBody(run: StoredRun, events: RingEvent[]): string {
  return JSON.stringify({
    type: 'ringscope.ring-events',
    run: { id: run.id, startedAt: run.startedAt.toISOString(), finishedAt: run.finishedAt.toISOString() },
    events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function deliver(url: string, body: string, run: StoredRun, options: WebhookOptions): Promise<Delivery> {
  const attempts = options.attempts ?? 4;
  let status: number | null = null;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'ringscope-webhooks',
          'X-Ringscope-Delivery': run.id,
          [SIGNATURE_HEADER]: signature(options.secret, body),
        },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return { url, ok: true, attempts: attempt, status };
      // A 4xx other than 408/429 will not change on retry: the receiver refuses this delivery.
      if (status < 500 && status !== 408 && status !== 429) return { url, ok: false, attempts: attempt, status };
    } catch (error) {
      logger.warn({ url, attempt, err: (error as Error).message }, 'webhook delivery failed');
    }
    if (attempt < attempts) await sleep((options.retryDelayMs ?? 1000) * 2 ** (attempt - 1));
  }
  return { url, ok: false, attempts, status };
}

/** Posts the run's events to every URL (nothing when there are none); never throws, reports each delivery. */
export async function postRingEvents(
  run: StoredRun,
  events: RingEvent[],
  options: WebhookOptions,
): Promise<Delivery[]> {
  if (!events.length || !options.urls.length) return [];
  const body = webhookBody(run, events);
  const deliveries = await Promise.all(options.urls.map((url) => deliver(url, body, run, options)));
  for (const d of deliveries)
    if (d.ok) logger.info({ ...d, run: run.id, events: events.length }, 'webhook delivered');
    else logger.error({ ...d, run: run.id, events: events.length }, 'webhook not delivered after retries');
  return deliveries;
}
