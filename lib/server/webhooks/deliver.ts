import 'server-only';
// Sends due webhook deliveries: POST the stored payload as JSON; a 2xx is delivered, anything
// else (an HTTP error, a redirect, a timeout, a refused connection) is retried with exponential
// backoff and given up after maxAttempts. Errors name the host only: the URL is a secret.
import type { Store } from '../../store';
import type { DueDelivery } from '../../store/webhooks';
import { backoffDelayMs, type Backoff } from '../scheduler/backoff';
import { openSecret } from '../secret-box';
import { webhookHost } from './webhook-url';

export interface DeliveryOptions {
  fetch?: typeof fetch;
  /** Attempts before a delivery is given up. Default 6. */
  maxAttempts?: number;
  /** Wait before the next attempt: 30 s, 1 min, 2 min... up to 1 hour. */
  backoff?: Backoff;
  timeoutMs?: number;
  /** How long a claimed attempt keeps others away. Default 2 minutes (more than timeoutMs). */
  claimMs?: number;
  openUrl?: (sealed: string) => string;
}

export interface DeliveryReport {
  delivered: number;
  retried: number;
  failed: number;
}

export const WEBHOOK_BACKOFF: Backoff = { baseMs: 30_000, capMs: 60 * 60_000 };
export const DEFAULT_MAX_ATTEMPTS = 6;

function describeFailure(error: unknown, host: string): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer from ${host} in time`;
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `cannot reach ${host}${cause}`;
}

/** Null when delivered, else why not. */
async function send(d: DueDelivery, opts: Required<Pick<DeliveryOptions, 'fetch' | 'timeoutMs' | 'openUrl'>>): Promise<string | null> {
  let url: string;
  try {
    url = opts.openUrl(d.sealedUrl);
  } catch (error) {
    return `the webhook URL cannot be opened: ${error instanceof Error ? error.message : String(error)}`;
  }
  const host = webhookHost(url);
  try {
    const response = await opts.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'access-atlas' },
      body: d.payload,
      redirect: 'manual',
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    await response.body?.cancel();
    return response.ok ? null : `HTTP ${response.status} from ${host}`;
  } catch (error) {
    return describeFailure(error, host);
  }
}

export async function deliverDueWebhooks(store: Store, now: Date, opts: DeliveryOptions = {}): Promise<DeliveryReport> {
  const report: DeliveryReport = { delivered: 0, retried: 0, failed: 0 };
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const backoff = opts.backoff ?? WEBHOOK_BACKOFF;
  const sendOpts = { fetch: opts.fetch ?? fetch, timeoutMs: opts.timeoutMs ?? 10_000, openUrl: opts.openUrl ?? openSecret };
  const claimMs = opts.claimMs ?? 120_000;
  for (const d of await store.webhooks.listDue(now)) {
    if (!(await store.webhooks.claim(d.id, d.attempts, now, new Date(now.getTime() + claimMs)))) continue;
    const error = await send(d, sendOpts);
    const attempts = d.attempts + 1;
    const giveUp = error !== null && attempts >= maxAttempts;
    const nextAttemptAt = error === null || giveUp ? null : new Date(now.getTime() + backoffDelayMs(attempts, backoff));
    await store.webhooks.recordAttempt(d.id, { at: now, error: giveUp ? `${error} (gave up after ${attempts} attempts)` : error, nextAttemptAt });
    if (error === null) report.delivered++;
    else if (giveUp) report.failed++;
    else report.retried++;
  }
  return report;
}
