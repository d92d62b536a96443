// The deterministic orders of answers: paths (ClusterRoleBindings first, then namespace,
// binding name, rule index) and subjects (kind, namespace, name). Plain code-unit comparison,
// never locale-dependent, so the same snapshot always prints the same answer.

import type { Match } from './types';

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** ClusterRoleBindings first, then namespace, binding name, rule index (role breaks remaining ties). */
export function compareMatches(a: Match, b: Match): number {
  const rank = (m: Match) => (m.binding.kind === 'ClusterRoleBinding' ? 0 : 1);
  return (
    rank(a) - rank(b) ||
    compareStrings(a.binding.namespace ?? '', b.binding.namespace ?? '') ||
    compareStrings(a.binding.name, b.binding.name) ||
    a.ruleIndex - b.ruleIndex ||
    compareStrings(a.role.kind, b.role.kind) ||
    compareStrings(a.role.name, b.role.name)
  );
}

export interface SubjectKey {
  kind: 'User' | 'Group' | 'ServiceAccount';
  name: string;
  /** ServiceAccounts only. */
  namespace?: string;
}

export function compareSubjects(a: SubjectKey, b: SubjectKey): number {
  return compareStrings(a.kind, b.kind) || compareStrings(a.namespace ?? '', b.namespace ?? '') || compareStrings(a.name, b.name);
}
