import 'server-only';
// Counts by severity over a source's last usable snapshots, for the findings page's trend. Each
// snapshot's findings come from the one per-snapshot evaluation (loadSnapshotFindings); a compact
// copy without evidence (its roles kept, for the role filter) is remembered for many more snapshots
// than that cache holds, so a trend of a dozen snapshots is evaluated once, then only counted. The
// source's suppressions in force now are applied to every snapshot: the trend shows what is open
// today in each snapshot, under the page's filter.
import { isInForce, suppressionMatches } from '../../core/findings/suppress';
import type { Finding, Suppression } from '../../core/findings/types';
import { isUsableSnapshot, type SnapshotSummary, type Source, type UsableSnapshot } from '../../core/snapshot/types';
import type { Store } from '../../store';
import { QuestionError } from '../questions/errors';
import { findingsDayKey, loadSnapshotFindings } from '../questions/findings';
import { boundedPromiseCache, missingRbacKinds, snapshotCacheKey } from '../snapshot-index';
import { matchesFilter, rolesOf, severityCounts, type FindingsFilter, type SeverityCounts } from './filter';

/** How many snapshots the trend shows, the newest. */
export const TREND_SNAPSHOTS = 12;
/** Compact findings kept per store and snapshot: small, so many are kept (a finished snapshot never changes). */
const COMPACT_CACHE_SIZE = 500;

type CompactFinding = Omit<Finding, 'evidence' | 'suppressedBy'> & { roles: string[] };

const compact = boundedPromiseCache<CompactFinding[]>(COMPACT_CACHE_SIZE);

function compactFindings(store: Store, source: Source, snapshot: SnapshotSummary, now: Date): Promise<CompactFinding[]> {
  return compact(`${snapshotCacheKey(store, snapshot.id)}${findingsDayKey(source.kind, now)}`, async () =>
    (await loadSnapshotFindings(store, source.kind, snapshot, now)).findings.map((finding) => {
      const { evidence: _evidence, suppressedBy: _by, ...rest } = finding;
      return { ...rest, roles: rolesOf(finding) };
    }),
  );
}

export interface TrendPoint {
  snapshotId: number;
  seq: number;
  /** ISO time the snapshot finished. */
  at: string;
  counts: SeverityCounts;
}

/** The snapshots a trend is drawn from: usable, with the RBAC kinds, newest `limit`, oldest first. */
export function trendSnapshots(snapshots: readonly SnapshotSummary[], limit = TREND_SNAPSHOTS): UsableSnapshot[] {
  return snapshots
    .filter((s): s is UsableSnapshot => isUsableSnapshot(s) && s.finishedAt !== null && missingRbacKinds(s).length === 0)
    .sort((a, b) => b.seq - a.seq)
    .slice(0, limit)
    .reverse();
}

/** Counts by severity of the findings the filter shows (all severities: each is a series), per snapshot. */
export async function findingsTrend(
  store: Store,
  source: Source,
  filter: FindingsFilter,
  suppressions: readonly Suppression[],
  now: Date,
  limit = TREND_SNAPSHOTS,
): Promise<TrendPoint[]> {
  const recent = await store.listSnapshots(source.id, { limit: limit * 3 });
  const active = suppressions.filter((s) => isInForce(s, now));
  const points: TrendPoint[] = [];
  // One at a time, oldest first: the newest snapshot's model is then the one left in the small caches.
  for (const snapshot of trendSnapshots(recent, limit)) {
    let findings: CompactFinding[];
    try {
      findings = await compactFindings(store, source, snapshot, now);
    } catch (error) {
      // A snapshot that cannot be read has no point; the source's page says why.
      if (error instanceof QuestionError) continue;
      throw error;
    }
    const shown = findings.filter((f) => {
      const suppressed = active.some((s) => suppressionMatches(s, { ...f, evidence: [] }));
      return matchesFilter({ ...f, suppressed }, () => f.roles, filter, { ignoreSeverity: true });
    });
    points.push({
      snapshotId: snapshot.id,
      seq: snapshot.seq,
      at: (snapshot.finishedAt ?? snapshot.startedAt).toISOString(),
      counts: severityCounts(shown),
    });
  }
  return points;
}
