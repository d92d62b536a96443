// k8s.anonymous-access and k8s.authenticated-access: what a binding to everyone gives beyond the
// default discovery roles. A rule the public subject holds is split into the single requests it
// allows (verb x group x resource x name, or verb x URL), and each is put to the engine's
// ruleAllows against the default roles' rules: a request none of them allows is more than
// discovery. `*` in the held rule is asked as `*`, which only a `*` in a default rule would match,
// so a wildcard is never "covered" (as validation.Covers treats it,
// staging/src/k8s.io/component-helpers/auth/rbac/validation/policy_comparator.go).

import type { PolicyRule } from '../kube/types';
import type { AuthzIndex, IndexedBinding } from '../rbac/authz-index';
import { ruleAllows } from '../rbac/rule-matches';
import { ALL_AUTHENTICATED_GROUP, ALL_UNAUTHENTICATED_GROUP, ANONYMOUS_USER } from '../rbac/subject-matches';
import type { AuthzRequest } from '../rbac/types';
import { CLUSTER_SCOPE, resourceText, scopeSuffix, type FindingDraft } from './probes';
import type { Evidence, FindingParty } from './types';

const rule = (r: Partial<PolicyRule>): PolicyRule => ({
  verbs: [],
  apiGroups: [],
  resources: [],
  resourceNames: [],
  nonResourceURLs: [],
  ...r,
});

/**
 * The default discovery roles' rules as kube-apiserver creates them (fixtures/k8s-bootstrap/cluster-roles.yaml):
 * the baseline is the upstream content, not the snapshot's copy, so a discovery role edited to
 * grant more is reported too.
 */
export const DEFAULT_DISCOVERY_ROLES: Readonly<Record<string, readonly PolicyRule[]>> = {
  'system:discovery': [
    rule({
      verbs: ['get'],
      nonResourceURLs: [
        '/api',
        '/api/*',
        '/apis',
        '/apis/*',
        '/healthz',
        '/livez',
        '/openapi',
        '/openapi/*',
        '/readyz',
        '/version',
        '/version/',
      ],
    }),
  ],
  'system:basic-user': [
    rule({ verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] }),
    rule({ verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] }),
  ],
  'system:public-info-viewer': [rule({ verbs: ['get'], nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] })],
};

const DEFAULT_RULES: readonly PolicyRule[] = Object.values(DEFAULT_DISCOVERY_ROLES).flat();

/**
 * The single requests a rule allows, as requests (a held `*` stays a `*`). Through a RoleBinding
 * a rule's URLs grant nothing (non-resource requests have no namespace), so they are left out.
 */
function requestsOf(held: PolicyRule, throughRoleBinding: boolean): AuthzRequest[] {
  const out: AuthzRequest[] = [];
  for (const verb of held.verbs) {
    if (!throughRoleBinding) for (const path of held.nonResourceURLs) out.push({ kind: 'nonResource', verb, path });
    for (const apiGroup of held.apiGroups) {
      for (const combined of held.resources) {
        const slash = combined.indexOf('/');
        const resource = slash < 0 ? combined : combined.slice(0, slash);
        const subresource = slash < 0 ? '' : combined.slice(slash + 1);
        for (const name of held.resourceNames.length > 0 ? held.resourceNames : ['']) {
          out.push({ kind: 'resource', verb, apiGroup, resource, subresource, namespace: '', name });
        }
      }
    }
  }
  return out;
}

/** Whether every request the rule grants through its binding is one a default discovery role allows too. */
export function isCoveredByDiscovery(held: PolicyRule, throughRoleBinding = false): boolean {
  return requestsOf(held, throughRoleBinding).every((request) => DEFAULT_RULES.some((d) => ruleAllows(d, request)));
}

/** `get, list, watch pods, deployments.apps (all namespaces)`, `get /metrics`: a held rule in one line. */
export function ruleText(held: PolicyRule, scope: string): string {
  const verbs = held.verbs.join(', ');
  const resources = held.apiGroups.flatMap((g) => held.resources.map((r) => resourceText(g, r)));
  const names = held.resourceNames.length > 0 ? ` named ${held.resourceNames.join(', ')}` : '';
  const parts: string[] = [];
  if (resources.length > 0) parts.push(`${verbs} ${resources.join(', ')}${names}${scopeSuffix('namespaced', scope)}`);
  if (held.nonResourceURLs.length > 0 && scope === CLUSTER_SCOPE) parts.push(`${verbs} ${held.nonResourceURLs.join(', ')}`);
  return parts.join('; ');
}

export interface PublicSubject {
  kind: 'User' | 'Group';
  name: string;
}

export const ANONYMOUS_SUBJECTS: readonly PublicSubject[] = [
  { kind: 'User', name: ANONYMOUS_USER },
  { kind: 'Group', name: ALL_UNAUTHENTICATED_GROUP },
];
export const AUTHENTICATED_SUBJECTS: readonly PublicSubject[] = [{ kind: 'Group', name: ALL_AUTHENTICATED_GROUP }];

function bindingsNaming(index: AuthzIndex, who: PublicSubject): IndexedBinding[] {
  const candidates = who.kind === 'Group' ? index.bindingsByGroup.get(who.name) : index.bindingsByUserName.get(who.name);
  return (candidates ?? []).filter((b) => b.subjects.some((s) => s.kind === who.kind && s.name === who.name));
}

/** One finding per (public subject, scope) holding a rule the default discovery roles do not cover; each such rule is evidence. */
export function publicAccessDrafts(index: AuthzIndex, subjects: readonly PublicSubject[]): FindingDraft[] {
  const out = new Map<string, FindingDraft>();
  for (const who of subjects) {
    const party: FindingParty = { kind: who.kind, name: who.name };
    for (const binding of bindingsNaming(index, who)) {
      const scope = binding.ref.kind === 'ClusterRoleBinding' ? CLUSTER_SCOPE : binding.namespace;
      for (const grant of binding.grants) {
        if (isCoveredByDiscovery(grant.rule, scope !== CLUSTER_SCOPE)) continue;
        const key = `${who.kind}\u0000${who.name}\u0000${scope}`;
        let draft = out.get(key);
        if (!draft) out.set(key, (draft = { subject: party, object: null, scope, evidence: [] }));
        const evidence: Evidence = { kind: 'grant', request: ruleText(grant.rule, scope), matchedBy: [grant.match] };
        draft.evidence.push(evidence);
      }
    }
  }
  return [...out.values()];
}
