import 'server-only';
// Headline counts per snapshot (lib/core/headlines.ts), cached by snapshot id: a finished
// snapshot's contents never change, so neither do its headlines.
import { clusterHeadlines, cloudHeadlinesOf, headlineSeries, type Headlines, type HeadlineSeries } from '../../core/headlines';
import { isUsableSnapshot, type SnapshotSummary, type Source, type UsableSnapshot } from '../../core/snapshot/types';
import type { Store } from '../../store';
import { loadCloudAccount } from '../cloud-account-index';
import { QuestionError } from '../questions/errors';
import { loadSnapshotIndex, missingRbacKinds, snapshotCacheKey } from '../snapshot-index';

/** Full headlines (with their lists): the latest of each source on the overview, and the last few asked about. */
const FULL_CACHE_SIZE = 64;
/** Only the numbers, for timelines: small, so many are kept. */
const SERIES_CACHE_SIZE = 2000;

const full = new Map<string, Promise<Headlines>>();
const series = new Map<string, HeadlineSeries[]>();

function remember<V>(map: Map<string, V>, key: string, value: V, size: number): void {
  map.set(key, value);
  if (map.size > size) map.delete(map.keys().next().value as string);
}

async function compute(store: Store, source: Source, snapshot: SnapshotSummary): Promise<Headlines> {
  if (source.kind === 'cloud-account') {
    // The decoded account the questions use (one cache); a body that does not decode is their refusal too.
    const { objects, account } = await loadCloudAccount(store, snapshot);
    return cloudHeadlinesOf(objects, account);
  }
  return clusterHeadlines((await loadSnapshotIndex(store, snapshot)).index);
}

/**
 * The snapshot's headlines, or null when it holds no data or lacks the kinds they are counted from.
 * A snapshot that cannot be read throws its QuestionError (`unavailable`).
 */
export async function snapshotHeadlines(store: Store, source: Source, snapshot: SnapshotSummary): Promise<Headlines | null> {
  if (snapshot.status !== 'complete' && snapshot.status !== 'partial') return null;
  if (source.kind === 'cluster' && missingRbacKinds(snapshot).length > 0) return null;
  const key = snapshotCacheKey(store, snapshot.id);
  let entry = full.get(key);
  if (!entry) {
    entry = compute(store, source, snapshot);
    remember(full, key, entry, FULL_CACHE_SIZE);
    entry.catch(() => full.delete(key));
  }
  const headlines = await entry;
  remember(series, key, headlineSeries(headlines), SERIES_CACHE_SIZE);
  return headlines;
}

/** Just the numbers, from the series cache when possible. */
export async function snapshotSeries(store: Store, source: Source, snapshot: SnapshotSummary): Promise<HeadlineSeries[] | null> {
  const cached = series.get(snapshotCacheKey(store, snapshot.id));
  if (cached) return cached;
  const headlines = await snapshotHeadlines(store, source, snapshot);
  return headlines ? headlineSeries(headlines) : null;
}

export interface TimelinePoint {
  snapshotId: number;
  seq: number;
  /** ISO time the snapshot finished. */
  at: string;
  values: Record<string, number>;
}

export interface Timeline {
  series: { key: string; label: string }[];
  points: TimelinePoint[];
}

/** Headline numbers of the source's usable snapshots, oldest first (at most `limit`, the newest). */
export async function sourceTimeline(store: Store, source: Source, snapshots: SnapshotSummary[], limit = 100): Promise<Timeline> {
  const usable = snapshots
    .filter((s): s is UsableSnapshot => isUsableSnapshot(s) && s.finishedAt !== null)
    .slice(0, limit)
    .reverse();
  const points: TimelinePoint[] = [];
  let labels: { key: string; label: string }[] = [];
  for (const s of usable) {
    let numbers: HeadlineSeries[] | null;
    try {
      numbers = await snapshotSeries(store, source, s);
    } catch (error) {
      // A snapshot that cannot be read has no point; the snapshot list beside the chart says why.
      if (error instanceof QuestionError) continue;
      throw error;
    }
    if (!numbers) continue;
    labels = numbers.map(({ key, label }) => ({ key, label }));
    points.push({
      snapshotId: s.id,
      seq: s.seq,
      at: (s.finishedAt ?? s.startedAt).toISOString(),
      values: Object.fromEntries(numbers.map((n) => [n.key, n.value])),
    });
  }
  return { series: labels, points };
}
