// The tiers and the shape of a generated cluster (one list of Kubernetes JSON objects per kind).
import type { JsonObject } from '../../lib/core/snapshot/types';

export interface TierSpec {
  namespaces: number;
  roles: number;
  roleBindings: number;
  clusterRoles: number;
  clusterRoleBindings: number;
  serviceAccounts: number;
  pods: number;
}

export const TIERS = {
  small: { namespaces: 40, roles: 150, roleBindings: 300, clusterRoles: 250, clusterRoleBindings: 170, serviceAccounts: 300, pods: 1_000 },
  medium: {
    namespaces: 300,
    roles: 525,
    roleBindings: 1_851,
    clusterRoles: 191,
    clusterRoleBindings: 171,
    serviceAccounts: 2_000,
    pods: 10_000,
  },
  large: {
    namespaces: 1_000,
    roles: 4_000,
    roleBindings: 4_500,
    clusterRoles: 750,
    clusterRoleBindings: 700,
    serviceAccounts: 8_000,
    pods: 30_000,
  },
} as const satisfies Record<string, TierSpec>;

export type TierName = keyof typeof TIERS;

export function isTierName(name: string): name is TierName {
  return Object.hasOwn(TIERS, name);
}

/** One list per kind; the keys double as file names. */
export const LIST_KINDS = {
  namespaces: 'Namespace',
  serviceaccounts: 'ServiceAccount',
  roles: 'Role',
  clusterroles: 'ClusterRole',
  rolebindings: 'RoleBinding',
  clusterrolebindings: 'ClusterRoleBinding',
  pods: 'Pod',
  apiresources: 'APIResourceList',
} as const;

export type ListName = keyof typeof LIST_KINDS;
export type GeneratedCluster = Record<ListName, JsonObject[]>;

export const LIST_NAMES = Object.keys(LIST_KINDS) as ListName[];

export function objectCount(cluster: GeneratedCluster): number {
  return LIST_NAMES.reduce((sum, name) => sum + cluster[name].length, 0);
}
