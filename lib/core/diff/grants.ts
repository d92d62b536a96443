// Normalized grants: a rule held through a binding, cut into verb x resource x scope atoms so two
// snapshots compare as sets. Wildcards are kept as written (`*` on `*` is one grant): expanding
// them would depend on API discovery and turn one risky rule into thousands of rows. Upstream
// semantics kept: nonResourceURLs only count through ClusterRoleBindings (a RoleBinding cannot
// grant them, rbac.go visitRulesFor), and a rule's resourceNames narrow each resource.
import type { PolicyRule } from '../kube/types';
import { resourceText } from './describe';
import { conditionKey } from './ram-grants';
import type { Grant } from './types';

export function grantKey(g: Grant): string {
  if (g.type === 'rbac') return `r\u0000${g.namespace}\u0000${g.verb}\u0000${g.apiGroup}\u0000${g.resource}\u0000${g.resourceName}`;
  if (g.type === 'rbac-url') return `u\u0000${g.verb}\u0000${g.path}`;
  return `a\u0000${g.action}\u0000${g.resource}${conditionKey(g.condition)}`;
}

function rbacGrant(namespace: string, verb: string, apiGroup: string, resource: string, resourceName: string): Grant {
  const what = resourceText(apiGroup, resource) + (resourceName === '' ? '' : ` named ${resourceName}`);
  const where = namespace === '' ? 'cluster-wide' : `in ${namespace}`;
  return { type: 'rbac', namespace, verb, apiGroup, resource, resourceName, text: `${verb} ${what} ${where}` };
}

/** The grants one rule gives in one scope ('' = through a ClusterRoleBinding, everywhere). */
export function grantsOfRule(rule: PolicyRule, namespace: string): Grant[] {
  const out: Grant[] = [];
  const names = rule.resourceNames.length > 0 ? rule.resourceNames : [''];
  for (const verb of rule.verbs) {
    for (const group of rule.apiGroups) {
      for (const resource of rule.resources) for (const name of names) out.push(rbacGrant(namespace, verb, group, resource, name));
    }
    if (namespace !== '') continue;
    for (const path of rule.nonResourceURLs) out.push({ type: 'rbac-url', verb, path, text: `${verb} ${path} (non-resource URL)` });
  }
  return out;
}
