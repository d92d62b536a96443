// Who can do this? Every binding subject that a granting binding names, with every path.
// The grant index narrows the rules to look at; ruleAllows (upstream RuleAllows) decides.

import type { AuthzIndex, Grant, IndexedBinding, ReportableSubject } from './authz-index';
import { candidateBuckets } from './candidate-grants';
import { ruleAllows } from './rule-matches';
import type { AuthzRequest, Match, WhoCanAnswer, WhoCanSubject } from './types';

export interface WhoCanOptions {
  /** Count RoleBindings in every namespace (resource requests only; RoleBindings never grant non-resource URLs). */
  allNamespaces?: boolean;
}

/**
 * Which bindings count for the question. A resource request with namespace '' is
 * cluster-scoped: ClusterRoleBindings only. With a namespace: ClusterRoleBindings plus the
 * RoleBindings in it. allNamespaces adds RoleBindings everywhere (Match.binding.namespace says where).
 */
export function bindingCountsForWhoCan(binding: IndexedBinding, request: AuthzRequest, opts: WhoCanOptions): boolean {
  if (binding.ref.kind === 'ClusterRoleBinding') return true;
  if (request.kind !== 'resource') return false;
  return opts.allNamespaces === true || (request.namespace !== '' && binding.namespace === request.namespace);
}

/**
 * Groups the granting grants (their ranks, ascending) by subject; subjects and paths come out
 * in their deterministic orders. Ranks precomputed at build time replace string comparisons:
 * answers can hold thousands of paths. Grants of one binding are adjacent in rank order, so
 * each binding's subjects are visited once per binding, not once per rule.
 */
export function collectSubjects(index: AuthzIndex, sortedRanks: Int32Array): WhoCanAnswer {
  const slot = new Int32Array(index.subjectsByRank.length).fill(-1);
  const touched: number[] = [];
  const paths: Match[][] = [];
  for (let i = 0; i < sortedRanks.length; ) {
    const binding = (index.grantsByRank[sortedRanks[i] as number] as Grant).binding;
    let end = i + 1;
    while (end < sortedRanks.length && (index.grantsByRank[sortedRanks[end] as number] as Grant).binding === binding) end++;
    for (const subject of binding.reportable) {
      let at = slot[subject.rank] as number;
      if (at < 0) {
        at = paths.length;
        slot[subject.rank] = at;
        paths.push([]);
        touched.push(subject.rank);
      }
      const list = paths[at] as Match[];
      for (let k = i; k < end; k++) list.push((index.grantsByRank[sortedRanks[k] as number] as Grant).match);
    }
    i = end;
  }
  const ranks = Int32Array.from(touched).sort();
  const subjects = new Array<WhoCanSubject>(ranks.length);
  for (let i = 0; i < ranks.length; i++) {
    const rank = ranks[i] as number;
    const s = index.subjectsByRank[rank] as ReportableSubject;
    const matchedBy = paths[slot[rank] as number] as Match[];
    subjects[i] = s.namespace === undefined ? { kind: s.kind, name: s.name, matchedBy } : { kind: s.kind, name: s.name, namespace: s.namespace, matchedBy };
  }
  return { subjects };
}

/** Every subject that a binding granting the request names, with every granting path. Works for any verb string. */
export function whoCan(index: AuthzIndex, request: AuthzRequest, opts: WhoCanOptions = {}): WhoCanAnswer {
  const seen = new Uint8Array(index.grantsByRank.length);
  const granting: number[] = [];
  for (const bucket of candidateBuckets(index, request, opts.allNamespaces === true)) {
    for (const grant of bucket) {
      if (seen[grant.rank] === 1) continue;
      seen[grant.rank] = 1;
      if (bindingCountsForWhoCan(grant.binding, request, opts) && ruleAllows(grant.rule, request)) granting.push(grant.rank);
    }
  }
  return collectSubjects(index, Int32Array.from(granting).sort());
}
