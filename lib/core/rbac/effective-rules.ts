// What can this identity do? Every rule it holds, where it applies and through which binding
// subject. The identity is turned into the user the authenticator would produce, and bindings
// are matched with upstream appliesToUser, so the answer agrees with canI.

import type { Subject } from '../kube/types';
import type { AuthzIndex, IndexedBinding } from './authz-index';
import { compareMatches, compareStrings } from './match-order';
import {
  ALL_AUTHENTICATED_GROUP,
  ALL_UNAUTHENTICATED_GROUP,
  ANONYMOUS_USER,
  effectiveServiceAccountNamespace,
  serviceAccountGroups,
  serviceAccountUsername,
  subjectMatchesUser,
} from './subject-matches';
import type { EffectiveRule, SubjectRef, UserInfo } from './types';

export interface Identity {
  kind: 'User' | 'Group' | 'ServiceAccount';
  name: string;
  /** ServiceAccounts only. */
  namespace?: string;
}

type SubjectTest = (subject: Subject, bindingNamespace: string) => boolean;

/**
 * A ServiceAccount authenticates as system:serviceaccount:NS:NAME with groups
 * system:serviceaccounts, system:serviceaccounts:NS (serviceaccount.UserInfo) plus
 * system:authenticated (AuthenticatedGroupAdder). A User gets system:authenticated, or
 * system:unauthenticated when it is system:anonymous. A Group question concerns that group only.
 */
function identityUser(who: Identity): UserInfo | undefined {
  if (who.kind === 'ServiceAccount') {
    const ns = who.namespace ?? '';
    // A ServiceAccount without a namespace names nobody; asking about it is a caller bug.
    if (ns === '') throw new Error(`rulesOf: ServiceAccount ${who.name} needs a namespace`);
    return { name: serviceAccountUsername(ns, who.name), groups: [...serviceAccountGroups(ns), ALL_AUTHENTICATED_GROUP] };
  }
  if (who.kind === 'User') {
    return { name: who.name, groups: [who.name === ANONYMOUS_USER ? ALL_UNAUTHENTICATED_GROUP : ALL_AUTHENTICATED_GROUP] };
  }
  return undefined;
}

function candidates(index: AuthzIndex, who: Identity): { bindings: Set<IndexedBinding>; test: SubjectTest } {
  const user = identityUser(who);
  if (!user) {
    return {
      bindings: new Set(index.bindingsByGroup.get(who.name) ?? []),
      test: (s) => s.kind === 'Group' && s.name === who.name,
    };
  }
  const bindings = new Set<IndexedBinding>(index.bindingsByUserName.get(user.name) ?? []);
  for (const group of user.groups) for (const b of index.bindingsByGroup.get(group) ?? []) bindings.add(b);
  return { bindings, test: (s, ns) => subjectMatchesUser(s, user, ns) };
}

function subjectRef(subject: Subject, bindingNamespace: string): SubjectRef {
  if (subject.kind !== 'ServiceAccount') return { kind: subject.kind, name: subject.name };
  return { kind: subject.kind, name: subject.name, namespace: effectiveServiceAccountNamespace(subject, bindingNamespace) };
}

/**
 * Every rule the identity holds. namespace '' means cluster-wide (a ClusterRoleBinding);
 * otherwise the RoleBinding's namespace, the only place its rules count. `via` is the first
 * subject of the binding that matches, as upstream appliesTo reports it.
 * Sorted: cluster-wide first, then by namespace, then by binding and rule index.
 */
export function rulesOf(index: AuthzIndex, who: Identity): EffectiveRule[] {
  const { bindings, test } = candidates(index, who);
  const out: EffectiveRule[] = [];
  for (const binding of bindings) {
    const subject = binding.subjects.find((s) => test(s, binding.namespace));
    if (!subject) continue;
    const via = subjectRef(subject, binding.namespace);
    for (const grant of binding.grants) out.push({ namespace: binding.namespace, rule: grant.rule, match: grant.match, via });
  }
  return out.sort((a, b) => compareStrings(a.namespace, b.namespace) || compareMatches(a.match, b.match));
}
