import 'server-only';
// After a good snapshot: when it brings high-impact gains, queue one delivery per webhook of the
// source (the scheduler's delivery loop sends them, with retries). Queuing is idempotent per
// webhook and snapshot, so two schedulers noticing the same snapshot send it once.
import { isUsableSnapshot, type SnapshotSummary, type Source } from '../../core/snapshot/types';
import type { Store } from '../../store';
import { findHighImpactGains } from './high-impact-gains';
import { formatPayload, MAX_LISTED, type GainsNotification } from './payload';

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
    snapshot: { id: snapshot.id, seq: snapshot.seq, finishedAt: snapshot.finishedAt?.toISOString() ?? null },
    previous: { id: found.previous.id, seq: found.previous.seq },
    gains: found.gains.slice(0, MAX_LISTED),
    totalGains: found.gains.length,
    link: diffLink(source.name, found.previous.id, snapshot.id),
  };
  let queued = 0;
  for (const webhook of webhooks) {
    if (await store.webhooks.enqueue(webhook.id, snapshot.id, formatPayload(webhook.format, notification), now)) queued++;
  }
  return queued;
}
