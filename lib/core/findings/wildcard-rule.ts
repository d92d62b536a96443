// k8s.wildcard-rule (CIS 5.1.3): a Role or ClusterRole rule holding a wildcard in its verbs,
// apiGroups or resources, decided by the engine's own matching functions rather than by looking
// for the text `["*"]` (which misses `["get", "*"]` and `*/scale`). A rule is asked about a verb,
// group and resource no rule names: only a wildcard matches those (rule-matches.ts, from
// pkg/apis/rbac/v1/evaluation_helpers.go). For `*/<subresource>` the made-up resource is asked
// with each subresource the rule's entries name; `pods/*` and `*/*` are literal upstream, so they
// are not wildcards here either.

import type { ClusterObjects, PolicyRule } from '../kube/types';
import { apiGroupMatches, resourceMatches, verbMatches } from '../rbac/rule-matches';
import { CLUSTER_SCOPE, type FindingDraft } from './probes';
import type { Evidence, FindingParty } from './types';

/** A verb, API group and resource no Kubernetes API serves and no rule names. */
const PROBE_VERB = 'access-atlas-probe-verb';
const PROBE_GROUP = 'probe.access-atlas.invalid';
const PROBE_RESOURCE = 'accessatlasprobes';

/** Which lists of the rule a wildcard opens, as the engine matches them; [] when none. */
export function wildcardsOf(rule: PolicyRule): string[] {
  const out: string[] = [];
  if (verbMatches(rule, PROBE_VERB)) out.push('verbs');
  if (apiGroupMatches(rule, PROBE_GROUP)) out.push('apiGroups');
  if (resourceMatches(rule, PROBE_RESOURCE, '')) out.push('resources');
  else {
    const subresources = new Set<string>();
    for (const r of rule.resources) if (r.includes('/')) subresources.add(r.slice(r.indexOf('/') + 1));
    for (const sub of subresources) {
      if (sub !== '*' && resourceMatches(rule, `${PROBE_RESOURCE}/${sub}`, sub)) out.push(`resources */${sub}`);
    }
  }
  return out;
}

function roleDraft(role: FindingParty, scope: string, rules: readonly PolicyRule[]): FindingDraft | undefined {
  const evidence: Evidence[] = [];
  rules.forEach((rule, ruleIndex) => {
    const wildcards = wildcardsOf(rule);
    if (wildcards.length > 0) evidence.push({ kind: 'rule', role, ruleIndex, rule, wildcards });
  });
  return evidence.length > 0 ? { subject: null, object: role, scope, evidence } : undefined;
}

/** One finding per Role or ClusterRole with a wildcard rule, bound or not (CIS 5.1.3 is about the roles themselves). */
export function wildcardRoleDrafts(objects: ClusterObjects): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const r of objects.clusterRoles) {
    const draft = roleDraft({ kind: 'ClusterRole', name: r.name }, CLUSTER_SCOPE, r.rules);
    if (draft) out.push(draft);
  }
  for (const r of objects.roles) {
    const draft = roleDraft({ kind: 'Role', name: r.name, namespace: r.namespace }, r.namespace, r.rules);
    if (draft) out.push(draft);
  }
  return out;
}
