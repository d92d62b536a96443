// Binding subjects as people write them: Users and Groups from an identity provider, the
// system:authenticated / system:serviceaccounts groups, and ServiceAccounts, sometimes without a
// namespace (defaulted to the RoleBinding's own namespace; never matches in a ClusterRoleBinding)
// and sometimes naming an account that does not exist.
import type { JsonObject } from '../../lib/core/snapshot/types';
import type { Rng } from './prng';
import { APP_NAMES } from './rules';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

export interface IdentityPools {
  users: string[];
  groups: string[];
  namespaces: readonly string[];
  /** Service accounts by namespace. */
  serviceAccounts: ReadonlyMap<string, readonly string[]>;
}

export function identityPools(
  rng: Rng,
  bindingCount: number,
  namespaces: readonly string[],
  serviceAccounts: ReadonlyMap<string, readonly string[]>,
): IdentityPools {
  const userCount = Math.max(40, Math.round(bindingCount / 3));
  const users = Array.from({ length: userCount }, (_, i) =>
    rng.chance(0.85) ? `user-${i}@corp.example` : `oidc:${rng.pick(APP_NAMES)}-dev-${i}`,
  );
  const groups = [
    ...APP_NAMES.map((app) => `team-${app}`),
    ...APP_NAMES.map((app) => `oidc:${app}-oncall`),
    'sre',
    'platform-admins',
    'auditors',
    'ci',
    'contractors',
  ];
  return { users, groups, namespaces, serviceAccounts };
}

function userSubject(name: string): JsonObject {
  return { apiGroup: RBAC_GROUP, kind: 'User', name };
}

function groupSubject(name: string): JsonObject {
  return { apiGroup: RBAC_GROUP, kind: 'Group', name };
}

function serviceAccountSubject(rng: Rng, pools: IdentityPools, bindingNamespace: string): JsonObject {
  const crossNamespace = bindingNamespace === '' || rng.chance(0.15);
  const namespace = crossNamespace ? rng.pick(pools.namespaces) : bindingNamespace;
  const accounts = pools.serviceAccounts.get(namespace) ?? ['default'];
  const name = rng.chance(0.04) ? `deleted-sa-${rng.suffix(5)}` : rng.pick(accounts);
  // Omitting the namespace is legal in a RoleBinding (defaults to the binding's namespace) and
  // a real mistake in a ClusterRoleBinding (the subject then matches nobody).
  const omitNamespace = namespace === bindingNamespace ? rng.chance(0.3) : rng.chance(0.02);
  return omitNamespace ? { kind: 'ServiceAccount', name } : { kind: 'ServiceAccount', name, namespace };
}

function groupName(rng: Rng, pools: IdentityPools): string {
  const roll = rng.float();
  if (roll < 0.04) return 'system:authenticated';
  if (roll < 0.06) return 'system:serviceaccounts';
  if (roll < 0.14) return `system:serviceaccounts:${rng.pick(pools.namespaces)}`;
  if (roll < 0.15) return 'system:unauthenticated';
  return rng.pick(pools.groups);
}

export function randomSubject(rng: Rng, pools: IdentityPools, bindingNamespace: string): JsonObject {
  const roll = rng.float();
  if (roll < 0.33) return userSubject(rng.pick(pools.users));
  if (roll < 0.36) {
    // A User subject spelled as a service-account username; matches by plain string compare.
    const ns = rng.pick(pools.namespaces);
    return userSubject(`system:serviceaccount:${ns}:${rng.pick(pools.serviceAccounts.get(ns) ?? ['default'])}`);
  }
  if (roll < 0.6) return groupSubject(groupName(rng, pools));
  return serviceAccountSubject(rng, pools, bindingNamespace);
}

/** 0-5 subjects (empty lists are rare but legal: the binding then grants nothing). */
export function randomSubjects(rng: Rng, pools: IdentityPools, bindingNamespace: string): JsonObject[] {
  const count = rng.chance(0.02) ? 0 : rng.pick([1, 1, 1, 1, 2, 2, 2, 3, 4, 5]);
  return Array.from({ length: count }, () => randomSubject(rng, pools, bindingNamespace));
}
