import 'server-only';
// The critical and high findings a snapshot brings over the source's previous good snapshot, left
// out when a suppression in force at `now` holds them. They are the findings drift of the diff
// (lib/server/drift.ts: matched by id, rules either side could not evaluate left out), so the
// webhook, the diff page and the weekly review agree on what is new.
import type { Finding, Severity } from '../../core/findings/types';
import type { SnapshotSummary, Source, UsableSnapshot } from '../../core/snapshot/types';
import type { Store } from '../../store';
import { findingsBetween } from '../drift';
import { previousUsableSnapshot } from './high-impact-gains';

/** The severities announced: issue 12 asks for new critical and high findings. */
export const NOTIFIED_SEVERITIES: readonly Severity[] = ['critical', 'high'];

export interface NewFindings {
  previous: UsableSnapshot;
  /** Highest severity first. */
  findings: Finding[];
}

/** Null when there is nothing to compare with (a first or failed snapshot). Clusters and cloud accounts alike. */
export async function findNewFindings(store: Store, source: Source, snapshot: SnapshotSummary, now: Date): Promise<NewFindings | null> {
  const previous = await previousUsableSnapshot(store, snapshot);
  if (!previous) return null;
  const drift = await findingsBetween(store, source, previous, snapshot, now);
  const findings = drift.gained.filter((f) => !f.suppressed && NOTIFIED_SEVERITIES.includes(f.severity));
  return { previous, findings };
}
