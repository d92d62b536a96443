// Quick privilege indicators for lists: which subjects RBAC gives a few well-known dangerous
// powers. Each flag is a who-can question answered by the engine (never a pattern match on
// role names), so a flag always agrees with what who-can shows for the same question.
// The questions follow the Kubernetes RBAC good-practices page
// (https://kubernetes.io/docs/concepts/security/rbac-good-practices/): wildcard access,
// reading Secrets, and the escalate / bind / impersonate verbs.
import type { AuthzIndex } from '../rbac/authz-index';
import type { AuthzRequest } from '../rbac/types';
import { whoCan } from '../rbac/who-can';

export const PRIVILEGE_FLAGS = [
  {
    id: 'cluster-admin',
    label: 'cluster-admin-like',
    severity: 'bad',
    title: 'Every verb on every resource in every API group, cluster-wide (a ClusterRoleBinding to a rule of * / * / *).',
  },
  {
    id: 'secrets',
    label: 'reads secrets',
    severity: 'warn',
    title: 'May get Secrets in at least one namespace.',
  },
  {
    id: 'escalate',
    label: 'escalate / bind / impersonate',
    severity: 'bad',
    title: 'May escalate or bind roles, or impersonate users, groups or service accounts, in at least one namespace.',
  },
] as const;

export type PrivilegeFlag = (typeof PRIVILEGE_FLAGS)[number]['id'];

const RBAC_GROUP = 'rbac.authorization.k8s.io';

function resource(verb: string, apiGroup: string, res: string): AuthzRequest {
  return { kind: 'resource', verb, apiGroup, resource: res, subresource: '', namespace: '', name: '' };
}

/** The who-can questions behind each flag; `allNamespaces` counts RoleBindings anywhere. */
const QUESTIONS: Record<PrivilegeFlag, { requests: AuthzRequest[]; allNamespaces: boolean }> = {
  // A request for verb `*` on resource `*` in group `*` matches only rules that say `*` for all three.
  'cluster-admin': { requests: [resource('*', '*', '*')], allNamespaces: false },
  secrets: { requests: [resource('get', '', 'secrets')], allNamespaces: true },
  escalate: {
    requests: [
      resource('escalate', RBAC_GROUP, 'clusterroles'),
      resource('escalate', RBAC_GROUP, 'roles'),
      resource('bind', RBAC_GROUP, 'clusterroles'),
      resource('bind', RBAC_GROUP, 'roles'),
      resource('impersonate', '', 'users'),
      resource('impersonate', '', 'groups'),
      resource('impersonate', '', 'serviceaccounts'),
    ],
    allNamespaces: true,
  },
};

export function subjectKey(s: { kind: string; name: string; namespace?: string | undefined }): string {
  return `${s.kind}\u0000${s.namespace ?? ''}\u0000${s.name}`;
}

/** Subject key -> the flags it holds through bindings that name it directly. */
export function privilegeFlags(index: AuthzIndex): Map<string, PrivilegeFlag[]> {
  const out = new Map<string, PrivilegeFlag[]>();
  for (const flag of PRIVILEGE_FLAGS) {
    const { requests, allNamespaces } = QUESTIONS[flag.id];
    const holders = new Set<string>();
    for (const request of requests) {
      for (const s of whoCan(index, request, { allNamespaces }).subjects) holders.add(subjectKey(s));
    }
    for (const key of holders) {
      const list = out.get(key);
      if (list) list.push(flag.id);
      else out.set(key, [flag.id]);
    }
  }
  return out;
}
