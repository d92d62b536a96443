import 'server-only';
// The overview's read model: per source, its recent snapshots and the headline numbers of its
// latest usable snapshot (lib/core/headlines), through the one headline cache (sources/snapshot-headlines.ts).
import type { Headlines } from '../core/headlines';
import type { SnapshotSummary, Source } from '../core/snapshot/types';
import type { Store } from '../store';
import { QuestionError } from './questions/errors';
import { missingRbacKinds } from './snapshot-index';
import { snapshotHeadlines } from './sources/snapshot-headlines';

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
      try {
        return { source, recent, latestUsable, headlines: await snapshotHeadlines(store, source, latestUsable) };
      } catch (error) {
        // One unreadable snapshot costs its own numbers, not the whole overview.
        if (!(error instanceof QuestionError)) throw error;
        return { source, recent, latestUsable, headlines: null, headlinesMissing: error.message };
      }
    }),
  );
}
