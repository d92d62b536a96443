import 'server-only';
// The overview's read model: per source, its recent snapshots and the headline numbers of its
// latest usable snapshot (lib/core/headlines), cached per snapshot id (snapshots never change).
import { clusterHeadlines, cloudHeadlines, type Headlines } from '../core/headlines';
import type { SnapshotSummary, Source } from '../core/snapshot/types';
import type { Store } from '../store';
import { loadSnapshotIndex, missingRbacKinds } from './snapshot-index';

const RECENT = 5;

export interface SourceOverview {
  source: Source;
  recent: SnapshotSummary[];
  latestUsable: SnapshotSummary | null;
  /** null when there is no usable snapshot, or a partial one lacks the kinds the numbers need. */
  headlines: Headlines | null;
  /** Why there are no headlines, for the page to say. */
  headlinesMissing?: string;
}

const cache = new Map<string, Headlines>();

async function headlinesOf(store: Store, source: Source, snapshot: SnapshotSummary): Promise<Headlines> {
  const key = `${store.dialect}:${snapshot.id}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const h =
    source.kind === 'cloud-account'
      ? cloudHeadlines(await store.readObjects(snapshot.id))
      : clusterHeadlines((await loadSnapshotIndex(store, snapshot)).index);
  cache.set(key, h);
  if (cache.size > 64) cache.delete(cache.keys().next().value as string);
  return h;
}

export async function loadOverview(store: Store): Promise<SourceOverview[]> {
  const sources = await store.listSources();
  return Promise.all(
    sources.map(async (source): Promise<SourceOverview> => {
      const [recent, latestUsable] = await Promise.all([
        store.listSnapshots(source.id, { limit: RECENT }),
        store.latestUsableSnapshot(source.id),
      ]);
      if (!latestUsable) return { source, recent, latestUsable, headlines: null, headlinesMissing: 'no complete or partial snapshot yet' };
      if (source.kind === 'cluster' && missingRbacKinds(latestUsable).length > 0) {
        const missing = missingRbacKinds(latestUsable).join(', ');
        return { source, recent, latestUsable, headlines: null, headlinesMissing: `the latest snapshot lacks ${missing}` };
      }
      return { source, recent, latestUsable, headlines: await headlinesOf(store, source, latestUsable) };
    }),
  );
}
