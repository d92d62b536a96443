import 'server-only';
// The permission gains a snapshot brings over the source's previous good snapshot, kept when
// they are high-impact. The diff and the impact table are lib/core/diff's (diffSnapshots,
// impactOf); "high impact" here means a gain matched by at least one rule scored 70 or more in
// IMPACT_RULES: `*` on `*`, RAM administrative actions, bind/escalate/impersonate, secrets,
// exec/attach/port-forward/proxy, RBAC writes (the Kubernetes RBAC good-practices list).
import { diffSnapshots, IMPACT_RULES, impactOf, subjectText, type PermissionChange } from '../../core/diff';
import { isUsableSnapshot, type SnapshotSummary, type UsableSnapshot } from '../../core/snapshot/types';
import type { Store } from '../../store';
import type { NotifiedGain } from './payload';

export const HIGH_IMPACT_RULE_SCORE = 70;

const HIGH_RULES = new Set<string>(IMPACT_RULES.filter((r) => r.score >= HIGH_IMPACT_RULE_SCORE).map((r) => r.id));

export interface HighImpactGains {
  previous: UsableSnapshot;
  /** Highest impact first. */
  gains: NotifiedGain[];
}

function toGain(change: PermissionChange): NotifiedGain | null {
  const impact = impactOf(change.grant);
  if (!impact.rules.some((r) => HIGH_RULES.has(r))) return null;
  return {
    subject: subjectText(change.subject),
    grant: change.grant.text,
    impact: impact.score,
    rules: [...impact.rules],
    causes: change.causes.map((c) => c.text),
  };
}

/** The source's good snapshot before this one: what every announcement compares with; null for a first or failed one. */
export async function previousUsableSnapshot(store: Store, snapshot: SnapshotSummary): Promise<UsableSnapshot | null> {
  if (!isUsableSnapshot(snapshot) || snapshot.seq <= 1) return null;
  const seq = snapshot.seq;
  const history = await store.listSnapshots(snapshot.sourceId);
  return history.filter(isUsableSnapshot).find((s) => s.seq === seq - 1) ?? null;
}

/** Null when there is nothing to compare with (a first snapshot, a failed one). */
export async function findHighImpactGains(store: Store, snapshot: SnapshotSummary): Promise<HighImpactGains | null> {
  const previous = await previousUsableSnapshot(store, snapshot);
  if (!previous || !isUsableSnapshot(snapshot)) return null;
  const [before, after] = await Promise.all([store.readObjects(previous.id), store.readObjects(snapshot.id)]);
  const diff = diffSnapshots(
    { label: `snapshot ${previous.seq}`, objects: before, missingKinds: previous.missingKinds },
    { label: `snapshot ${snapshot.seq}`, objects: after, missingKinds: snapshot.missingKinds },
  );
  const gains = diff.permissions.gained.map(toGain).filter((g): g is NotifiedGain => g !== null);
  gains.sort((a, b) => b.impact - a.impact || a.subject.localeCompare(b.subject) || a.grant.localeCompare(b.grant));
  return { previous, gains };
}
