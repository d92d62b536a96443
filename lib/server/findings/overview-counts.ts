import 'server-only';
// The overview's finding counts: per cluster source, its latest usable snapshot's findings by
// severity as the findings page shows them by default (built-in and suppressed ones left out), so a
// tile's number is the length of the list it opens.
import { applySuppressions } from '../../core/findings/suppress';
import type { SnapshotSummary, Source } from '../../core/snapshot/types';
import type { Store } from '../../store';
import { QuestionError } from '../questions/errors';
import { loadSnapshotFindings } from '../questions/findings';
import { missingRbacKinds } from '../snapshot-index';
import { DEFAULT_VIEW, isShown, severityCounts, type SeverityCounts } from './filter';

export type OverviewFindings =
  | {
      ok: true;
      counts: SeverityCounts;
      /** The same findings by rule (a cloud card's admin tile counts `ram.admin-equivalent`). */
      rules: Record<string, number>;
      /** Left out of the counts, so a 0 is never read as "nothing found": about built-in objects, and suppressed. */
      hidden: { builtIn: number; suppressed: number };
    }
  | { ok: false; reason: string };

/** Null for a source without a usable snapshot. */
export async function overviewFindingCounts(
  store: Store,
  source: Source,
  snapshot: SnapshotSummary | null,
  now: Date = new Date(),
): Promise<OverviewFindings | null> {
  if (snapshot === null) return null;
  if (source.kind === 'cluster' && missingRbacKinds(snapshot).length > 0)
    return { ok: false, reason: `the latest snapshot lacks ${missingRbacKinds(snapshot).join(', ')}` };
  try {
    const [evaluated, suppressions] = await Promise.all([
      loadSnapshotFindings(store, source.kind, snapshot, now),
      store.suppressions.list(source.name),
    ]);
    const { findings } = applySuppressions(evaluated, suppressions, now);
    const shown = findings.filter((f) => isShown(f, DEFAULT_VIEW));
    const rules: Record<string, number> = {};
    for (const f of shown) rules[f.rule] = (rules[f.rule] ?? 0) + 1;
    return {
      ok: true,
      counts: severityCounts(shown),
      rules,
      hidden: {
        builtIn: findings.filter((f) => f.builtIn !== null).length,
        suppressed: findings.filter((f) => f.suppressed && f.builtIn === null).length,
      },
    };
  } catch (error) {
    // One unreadable snapshot costs its own numbers, not the whole overview.
    if (!(error instanceof QuestionError)) throw error;
    return { ok: false, reason: error.message };
  }
}
