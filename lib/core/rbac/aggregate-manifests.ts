// Manifests ship aggregated ClusterRoles with `rules: null`; a live cluster returns them
// with the rules the clusterrole-aggregation controller computed. This fills them in on
// plain Kubernetes JSON, so dumps built from manifests (demo data, bench) look like what a
// live cluster returns. The computation is computeAggregatedRules (the controller's).
import type { PolicyRule } from '../kube/types';
import type { JsonObject } from '../snapshot/types';
import { toClusterObjects } from '../kube/to-cluster-objects';
import { computeAggregatedRules } from './aggregation';

/** A PolicyRule as the API server prints it: empty lists left out. */
export function policyRuleJson(rule: PolicyRule): JsonObject {
  const out: JsonObject = {};
  if (rule.apiGroups.length > 0) out.apiGroups = rule.apiGroups;
  if (rule.nonResourceURLs.length > 0) out.nonResourceURLs = rule.nonResourceURLs;
  if (rule.resourceNames.length > 0) out.resourceNames = rule.resourceNames;
  if (rule.resources.length > 0) out.resources = rule.resources;
  out.verbs = rule.verbs;
  return out;
}

function nameOf(raw: JsonObject): string | undefined {
  const metadata = raw.metadata;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return undefined;
  return typeof metadata.name === 'string' ? metadata.name : undefined;
}

/** A copy of `raws` whose aggregated ClusterRoles carry their computed rules; other objects are returned as they are. */
export function withAggregatedRules(raws: readonly JsonObject[]): JsonObject[] {
  const clusterRoles = raws.filter((raw) => raw.kind === 'ClusterRole');
  const computed = computeAggregatedRules(toClusterObjects(clusterRoles).clusterRoles);
  return raws.map((raw) => {
    const name = nameOf(raw);
    const rules = raw.kind === 'ClusterRole' && raw.aggregationRule && name !== undefined ? computed.get(name) : undefined;
    return rules ? { ...raw, rules: rules.map(policyRuleJson) } : raw;
  });
}
