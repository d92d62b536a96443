// ClusterRole aggregation, as the clusterrole-aggregation controller computes it
// (kubernetes/kubernetes pkg/controller/clusterroleaggregation/clusterroleaggregation_controller.go,
// syncClusterRole). The authorizer only ever reads a ClusterRole's stored `rules`; this module
// turns manifests into what a live cluster would hold, and finds roles whose stored rules lag.

import { labelSelectorProblem, matchesLabelSelector } from '../kube/label-selector';
import type { ClusterObjects, ClusterRole, PolicyRule } from '../kube/types';

/** A stable identity for equality.Semantic.DeepEqual on a PolicyRule (list order matters). */
export function ruleKey(rule: PolicyRule): string {
  return JSON.stringify([rule.verbs, rule.apiGroups, rule.resources, rule.resourceNames, rule.nonResourceURLs]);
}

function byName(a: ClusterRole, b: ClusterRole): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * One syncClusterRole pass for `role` against the current rules of every role: for each
 * selector in order, the matching ClusterRoles sorted by name (skipping the role itself),
 * appending each rule not already present. Undefined when a selector is invalid: upstream
 * returns the error and leaves the role's rules as they are.
 */
function aggregateOnce(role: ClusterRole, sortedRoles: ClusterRole[], current: Map<string, PolicyRule[]>): PolicyRule[] | undefined {
  const selectors = role.aggregationRule?.clusterRoleSelectors ?? [];
  if (selectors.some((s) => labelSelectorProblem(s) !== undefined)) return undefined;
  const rules: PolicyRule[] = [];
  const seen = new Set<string>();
  for (const selector of selectors) {
    for (const other of sortedRoles) {
      if (other.name === role.name || !matchesLabelSelector(selector, other.labels)) continue;
      for (const rule of current.get(other.name) ?? other.rules) {
        const key = ruleKey(rule);
        if (seen.has(key)) continue;
        seen.add(key);
        rules.push(rule);
      }
    }
  }
  return rules;
}

function sameRules(a: PolicyRule[], b: PolicyRule[]): boolean {
  return a.length === b.length && a.every((rule, i) => ruleKey(rule) === ruleKey(b[i] as PolicyRule));
}

/**
 * The rules every aggregated ClusterRole ends up with once the controller has converged.
 * The controller re-queues every aggregated role on any ClusterRole change, so chains such as
 * admin ⊇ edit ⊇ view settle; here roles are synced in name order, pass after pass, until no
 * role changes. Cycles can make upstream's result depend on event order; the pass limit keeps
 * this deterministic. When names repeat, the last object wins (as with `kubectl apply` in order).
 */
export function computeAggregatedRules(clusterRoles: ClusterRole[]): Map<string, PolicyRule[]> {
  const byNameMap = new Map<string, ClusterRole>();
  for (const role of clusterRoles) byNameMap.set(role.name, role);
  const sortedRoles = [...byNameMap.values()].sort(byName);
  const aggregated = sortedRoles.filter((r) => r.aggregationRule !== undefined);
  const current = new Map<string, PolicyRule[]>(sortedRoles.map((r) => [r.name, r.rules]));
  const maxPasses = aggregated.length + 2;
  for (let pass = 0; pass < maxPasses; pass++) {
    let changed = false;
    for (const role of aggregated) {
      const next = aggregateOnce(role, sortedRoles, current);
      if (next === undefined || sameRules(next, current.get(role.name) ?? [])) continue;
      current.set(role.name, next);
      changed = true;
    }
    if (!changed) break;
  }
  return new Map(aggregated.map((r) => [r.name, current.get(r.name) ?? r.rules]));
}

export interface AggregationDisagreement {
  role: string;
  /** Rules the controller would add that the stored role lacks. */
  missingFromStored: PolicyRule[];
  /** Stored rules the controller would drop. */
  extraInStored: PolicyRule[];
}

function ruleSetDifference(a: PolicyRule[], b: PolicyRule[]): PolicyRule[] {
  const inB = new Set(b.map(ruleKey));
  const out: PolicyRule[] = [];
  const seen = new Set<string>();
  for (const rule of a) {
    const key = ruleKey(rule);
    if (inB.has(key) || seen.has(key)) continue;
    seen.add(key);
    out.push(rule);
  }
  return out;
}

/** Aggregated ClusterRoles whose stored rules differ, as sets, from what the controller computes. */
export function aggregationDisagreements(objects: ClusterObjects): AggregationDisagreement[] {
  const computed = computeAggregatedRules(objects.clusterRoles);
  const out: AggregationDisagreement[] = [];
  const stored = new Map(objects.clusterRoles.map((r) => [r.name, r.rules]));
  for (const [role, rules] of [...computed.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const have = stored.get(role) ?? [];
    const missingFromStored = ruleSetDifference(rules, have);
    const extraInStored = ruleSetDifference(have, rules);
    if (missingFromStored.length > 0 || extraInStored.length > 0) out.push({ role, missingFromStored, extraInStored });
  }
  return out;
}

/** A copy of `objects` whose aggregated ClusterRoles carry the rules the controller would write. */
export function applyAggregation(objects: ClusterObjects): ClusterObjects {
  const computed = computeAggregatedRules(objects.clusterRoles);
  return {
    ...objects,
    clusterRoles: objects.clusterRoles.map((role) => {
      const rules = role.aggregationRule ? computed.get(role.name) : undefined;
      return rules === undefined ? role : { ...role, rules: rules.map((r) => ({ ...r })) };
    }),
  };
}
