import 'server-only';
// After a good snapshot, one delivery per webhook of the source and event: `access-atlas.high-impact-gains`
// when it brings high-impact permission gains, and beside it (never instead of it)
// `access-atlas.new-findings` when it brings new unsuppressed critical or high findings. The
// scheduler's delivery loop sends them, with retries. Queuing is idempotent per webhook, snapshot
// and event, so two schedulers noticing the same snapshot send each once.
import { isUsableSnapshot, type SnapshotSummary, type Source } from '../../core/snapshot/types';
import type { Store } from '../../store';
import type { WebhookFormat } from '../../store/webhooks';
import { formatFindingsPayload, NEW_FINDINGS_EVENT, type FindingsNotification } from './findings-payload';
import { findHighImpactGains } from './high-impact-gains';
import { findNewFindings } from './new-findings';
import { EVENT as HIGH_IMPACT_GAINS_EVENT, formatPayload, MAX_LISTED, type GainsNotification } from './payload';

/** The dashboard path of the diff, made absolute with ACCESS_ATLAS_PUBLIC_URL when set. */
export function diffLink(
  sourceName: string,
  fromId: number,
  toId: number,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const path = `/sources/${encodeURIComponent(sourceName)}/diff?from=${fromId}&to=${toId}`;
  const base = env.ACCESS_ATLAS_PUBLIC_URL?.replace(/\/+$/, '');
  return base ? `${base}${path}` : path;
}

function snapshotRef(snapshot: SnapshotSummary & { seq: number }) {
  return { id: snapshot.id, seq: snapshot.seq, finishedAt: snapshot.finishedAt?.toISOString() ?? null };
}

/** Returns how many deliveries were queued. */
export async function notifyHighImpactGains(store: Store, source: Source, snapshot: SnapshotSummary, now: Date): Promise<number> {
  // Only complete and partial snapshots are numbered and can bring gains.
  if (!isUsableSnapshot(snapshot)) return 0;
  const webhooks = await store.webhooks.list(source.id);
  if (webhooks.length === 0) return 0;
  const found = await findHighImpactGains(store, snapshot);
  if (!found || found.gains.length === 0) return 0;
  const notification: GainsNotification = {
    source: { name: source.name, kind: source.kind },
    snapshot: snapshotRef(snapshot),
    previous: { id: found.previous.id, seq: found.previous.seq },
    gains: found.gains.slice(0, MAX_LISTED),
    totalGains: found.gains.length,
    link: diffLink(source.name, found.previous.id, snapshot.id),
  };
  return enqueueForEach(store, webhooks, snapshot, now, HIGH_IMPACT_GAINS_EVENT, (format) => formatPayload(format, notification));
}

/** Returns how many deliveries were queued. `now` decides which suppressions are in force. */
export async function notifyNewFindings(store: Store, source: Source, snapshot: SnapshotSummary, now: Date): Promise<number> {
  if (!isUsableSnapshot(snapshot)) return 0;
  const webhooks = await store.webhooks.list(source.id);
  if (webhooks.length === 0) return 0;
  const found = await findNewFindings(store, source, snapshot, now);
  if (!found || found.findings.length === 0) return 0;
  const notification: FindingsNotification = {
    source: { name: source.name, kind: source.kind },
    snapshot: snapshotRef(snapshot),
    previous: { id: found.previous.id, seq: found.previous.seq },
    findings: found.findings.slice(0, MAX_LISTED),
    total: found.findings.length,
    link: diffLink(source.name, found.previous.id, snapshot.id),
  };
  return enqueueForEach(store, webhooks, snapshot, now, NEW_FINDINGS_EVENT, (format) => formatFindingsPayload(format, notification));
}

/** Queues one event for every webhook, in each one's format; returns how many were queued (one already queued is not again). */
async function enqueueForEach(
  store: Store,
  webhooks: readonly { id: number; format: WebhookFormat }[],
  snapshot: SnapshotSummary,
  now: Date,
  event: string,
  payloadOf: (format: WebhookFormat) => string,
): Promise<number> {
  let queued = 0;
  for (const webhook of webhooks) {
    if (await store.webhooks.enqueue(webhook.id, snapshot.id, payloadOf(webhook.format), now, event)) queued++;
  }
  return queued;
}

/**
 * Queues every announcement of a good snapshot; returns how many deliveries were queued. Each event
 * is queued on its own: one failing (say, the findings cannot be evaluated) never holds back the
 * other; the failures are thrown together afterwards, for the caller to report.
 */
export async function announceSnapshot(store: Store, source: Source, snapshot: SnapshotSummary, now: Date): Promise<number> {
  const announcements = [
    [HIGH_IMPACT_GAINS_EVENT, notifyHighImpactGains],
    [NEW_FINDINGS_EVENT, notifyNewFindings],
  ] as const;
  let queued = 0;
  const failures: string[] = [];
  for (const [event, notify] of announcements) {
    try {
      queued += await notify(store, source, snapshot, now);
    } catch (error) {
      failures.push(`${event}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (failures.length > 0) throw new Error(failures.join('; '));
  return queued;
}
