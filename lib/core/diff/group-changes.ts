// Permission changes grouped the way a reviewer reads them: per subject, then per cause, so
// "ci/deployer gained get, list, watch secrets in 4 namespaces because a rule was added to
// ClusterRole ci-deployer" is one entry, not twelve. Highest impact first at both levels.
import { canonicalJson, sha256Hex } from '../kube/canonical-json';
import { subjectKey } from './describe';
import { impactOf, type ImpactRuleId } from './impact';
import type { Cause, Grant, PermissionChange, PermissionDiff, PermissionSubject } from './types';

export type Direction = 'gained' | 'lost';

export interface ChangeGroup {
  /** Stable across recomputation of the same diff: what review marks attach to. */
  key: string;
  direction: Direction;
  subject: PermissionSubject;
  causes: Cause[];
  grants: Grant[];
  /** The highest impact among the grants, and every impact rule any of them meets. */
  score: number;
  impactRules: ImpactRuleId[];
}

export interface SubjectChanges {
  subject: PermissionSubject;
  score: number;
  groups: ChangeGroup[];
}

function causeKey(causes: readonly Cause[]): string {
  return causes
    .map((c) => `${c.kind}/${c.namespace}/${c.name}: ${c.text}`)
    .sort()
    .join('\n');
}

function addAll(out: Map<string, ChangeGroup>, changes: readonly PermissionChange[], direction: Direction): void {
  for (const change of changes) {
    const ck = causeKey(change.causes);
    const id = `${direction}\u0000${subjectKey(change.subject)}\u0000${ck}`;
    const impact = impactOf(change.grant);
    let group = out.get(id);
    if (!group) {
      const key = sha256Hex(canonicalJson({ direction, subject: subjectKey(change.subject), causes: ck })).slice(0, 24);
      group = { key, direction, subject: change.subject, causes: change.causes, grants: [], score: 0, impactRules: [] };
      out.set(id, group);
    }
    group.grants.push(change.grant);
    group.score = Math.max(group.score, impact.score);
    for (const r of impact.rules) if (!group.impactRules.includes(r)) group.impactRules.push(r);
  }
}

/** Groups gained and lost grants by subject and cause, highest impact first. */
export function groupBySubject(permissions: PermissionDiff): SubjectChanges[] {
  const groups = new Map<string, ChangeGroup>();
  addAll(groups, permissions.gained, 'gained');
  addAll(groups, permissions.lost, 'lost');
  const bySubject = new Map<string, SubjectChanges>();
  for (const g of groups.values()) {
    const key = subjectKey(g.subject);
    const entry = bySubject.get(key) ?? { subject: g.subject, score: 0, groups: [] };
    entry.groups.push(g);
    entry.score = Math.max(entry.score, g.score);
    bySubject.set(key, entry);
  }
  const byScore = (a: { score: number }, b: { score: number }) => b.score - a.score;
  const out = [...bySubject.values()];
  for (const s of out) s.groups.sort((a, b) => byScore(a, b) || (a.direction === b.direction ? 0 : a.direction === 'gained' ? -1 : 1));
  return out.sort((a, b) => byScore(a, b) || subjectKey(a.subject).localeCompare(subjectKey(b.subject)));
}

/** `get, list, watch secrets in a, b` style summary of a group's grants (at most `max` listed). */
export function grantsSummary(grants: readonly Grant[], max = 6): string {
  const shown = grants.slice(0, max).map((g) => g.text);
  const more = grants.length > max ? ` and ${grants.length - max} more` : '';
  return shown.join('; ') + more;
}
