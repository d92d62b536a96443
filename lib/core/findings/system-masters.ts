// k8s.system-masters (CIS 5.1.7): the group system:masters in use. Its members bypass RBAC and
// authorization webhooks, and no binding can take that back ([GP] "Least privilege",
// https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege). Membership
// comes from client certificates, which RBAC objects do not show; what they do show is
// - a binding that names the group (kube-apiserver's own `cluster-admin` ClusterRoleBinding does,
//   and is marked built-in), and
// - a subject the engine allows to impersonate the group, who can act as a member at will
//   (impersonation filter: `impersonate groups` with the group's name,
//   https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation).

import type { ClusterObjects } from '../kube/types';
import type { AuthzIndex } from '../rbac/authz-index';
import { bindingParty } from './binding-hygiene';
import { askProbes, CLUSTER_SCOPE, type FindingDraft, type Probe } from './probes';

export const SYSTEM_MASTERS = 'system:masters';

/** Groups are cluster-scoped: the impersonation filter asks with namespace ''. */
export const SYSTEM_MASTERS_PROBES: readonly Probe[] = [
  { verb: 'impersonate', apiGroup: '', resource: 'groups', scope: 'cluster', name: SYSTEM_MASTERS },
];

function bindingDrafts(objects: ClusterObjects): FindingDraft[] {
  const out: FindingDraft[] = [];
  for (const b of [...objects.clusterRoleBindings, ...objects.roleBindings]) {
    b.subjects.forEach((s, i) => {
      if (s.kind !== 'Group' || s.name !== SYSTEM_MASTERS) return;
      const object = bindingParty(b);
      out.push({
        subject: { kind: 'Group', name: SYSTEM_MASTERS },
        object,
        scope: b.kind === 'RoleBinding' ? b.namespace : CLUSTER_SCOPE,
        evidence: [
          { kind: 'object', object, field: `subjects[${i}]`, value: { kind: s.kind, name: s.name } },
          { kind: 'object', object, field: 'roleRef', value: { kind: b.roleRef.kind, name: b.roleRef.name } },
        ],
      });
    });
  }
  return out;
}

export function systemMastersDrafts(index: AuthzIndex): FindingDraft[] {
  return [...bindingDrafts(index.objects), ...askProbes(index, SYSTEM_MASTERS_PROBES)];
}
