import 'server-only';
// Sends due webhook deliveries: POST the stored payload as JSON; a 2xx is delivered, anything
// else (an HTTP error, a redirect, a timeout, a refused connection) is retried with exponential
// backoff and given up after maxAttempts. Errors name the host only: the URL is a secret. The
// outbound guard runs on every attempt, so a webhook stored before it existed, or a name whose
// DNS now points inside, is refused at delivery; such a delivery fails at once.
import { AllowedTargetsError, targetPolicyFromEnv, type TargetPolicy } from '../../collect/net/target-guard';
import type { Store } from '../../store';
import type { DueDelivery } from '../../store/webhooks';
import { backoffDelayMs, type Backoff } from '../scheduler/backoff';
import { openSecret } from '../secret-box';
import { postWebhook } from './post-webhook';
import { webhookHost } from './webhook-url';

export interface DeliveryOptions {
  /** Which targets a delivery may connect to; default: ACCESS_ATLAS_ALLOWED_TARGETS. */
  policy?: TargetPolicy;
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

interface SendOptions {
  /** A bad ACCESS_ATLAS_ALLOWED_TARGETS fails every attempt with its message until it is fixed. */
  policy: TargetPolicy | AllowedTargetsError;
  timeoutMs: number;
  openUrl: (sealed: string) => string;
}

/**
 * `error` null when delivered. `final` for a target the guard refuses: it stays refused until the
 * operator changes ACCESS_ATLAS_ALLOWED_TARGETS, so retrying would only repeat the refusal.
 */
interface Attempt {
  error: string | null;
  final: boolean;
}

function retryable(error: string): Attempt {
  return { error, final: false };
}

async function send(d: DueDelivery, opts: SendOptions): Promise<Attempt> {
  let url: string;
  try {
    url = opts.openUrl(d.sealedUrl);
  } catch (error) {
    return retryable(`the webhook URL cannot be opened: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (opts.policy instanceof AllowedTargetsError) return retryable(opts.policy.message);
  if (!URL.canParse(url)) return { error: 'the webhook URL is not a valid URL', final: true };
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return { error: `the webhook URL for ${webhookHost(url)} is not http:// or https://`, final: true };
  const outcome = await postWebhook(parsed, d.payload, { policy: opts.policy, timeoutMs: opts.timeoutMs });
  if (!outcome.ok) return { error: outcome.message, final: outcome.reason === 'refused' };
  if (outcome.status >= 200 && outcome.status < 300) return { error: null, final: true };
  const redirect = outcome.status >= 300 && outcome.status < 400 ? ' (redirects are not followed)' : '';
  return retryable(`HTTP ${outcome.status} from ${parsed.host}${redirect}`);
}

function policyOrError(opts: DeliveryOptions): TargetPolicy | AllowedTargetsError {
  if (opts.policy) return opts.policy;
  try {
    return targetPolicyFromEnv();
  } catch (error) {
    if (error instanceof AllowedTargetsError) return error;
    throw error;
  }
}

export async function deliverDueWebhooks(store: Store, now: Date, opts: DeliveryOptions = {}): Promise<DeliveryReport> {
  const report: DeliveryReport = { delivered: 0, retried: 0, failed: 0 };
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const backoff = opts.backoff ?? WEBHOOK_BACKOFF;
  const sendOpts: SendOptions = { policy: policyOrError(opts), timeoutMs: opts.timeoutMs ?? 10_000, openUrl: opts.openUrl ?? openSecret };
  const claimMs = opts.claimMs ?? 120_000;
  for (const d of await store.webhooks.listDue(now)) {
    if (!(await store.webhooks.claim(d.id, d.attempts, now, new Date(now.getTime() + claimMs)))) continue;
    const { error, final } = await send(d, sendOpts);
    const attempts = d.attempts + 1;
    const giveUp = error !== null && (final || attempts >= maxAttempts);
    const nextAttemptAt = error === null || giveUp ? null : new Date(now.getTime() + backoffDelayMs(attempts, backoff));
    const recorded = giveUp && !final ? `${error} (gave up after ${attempts} attempts)` : error;
    await store.webhooks.recordAttempt(d.id, { at: now, error: recorded, nextAttemptAt });
    if (error === null) report.delivered++;
    else if (giveUp) report.failed++;
    else report.retried++;
  }
  return report;
}
