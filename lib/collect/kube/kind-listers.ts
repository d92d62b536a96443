import 'server-only';
// The collections a cluster snapshot reads, each with the client-node call that lists it
// across all namespaces. Secrets are deliberately absent: they are never listed or read.

import type { V1ListMeta } from '@kubernetes/client-node';
import type { ClusterKind } from '../../core/snapshot/types';
import type { KubeClient } from './kube-client';

export interface PageRequest {
  limit: number;
  _continue?: string;
}

export interface ListResponse {
  items: readonly object[];
  metadata?: V1ListMeta;
}

export interface KindLister {
  kind: Exclude<ClusterKind, 'APIResourceList'>;
  apiVersion: string;
  /** resource.group, as the API server names it in a 403 ("roles.rbac.authorization.k8s.io"). */
  resource: string;
  path: string;
  list(client: KubeClient, page: PageRequest): Promise<ListResponse>;
}

const RBAC = 'rbac.authorization.k8s.io';

export const KIND_LISTERS: readonly KindLister[] = [
  {
    kind: 'Namespace',
    apiVersion: 'v1',
    resource: 'namespaces',
    path: '/api/v1/namespaces',
    list: (client, page) => client.core.listNamespace(page, client.callOptions),
  },
  {
    kind: 'ServiceAccount',
    apiVersion: 'v1',
    resource: 'serviceaccounts',
    path: '/api/v1/serviceaccounts',
    list: (client, page) => client.core.listServiceAccountForAllNamespaces(page, client.callOptions),
  },
  {
    kind: 'ClusterRole',
    apiVersion: `${RBAC}/v1`,
    resource: `clusterroles.${RBAC}`,
    path: `/apis/${RBAC}/v1/clusterroles`,
    list: (client, page) => client.rbac.listClusterRole(page, client.callOptions),
  },
  {
    kind: 'ClusterRoleBinding',
    apiVersion: `${RBAC}/v1`,
    resource: `clusterrolebindings.${RBAC}`,
    path: `/apis/${RBAC}/v1/clusterrolebindings`,
    list: (client, page) => client.rbac.listClusterRoleBinding(page, client.callOptions),
  },
  {
    kind: 'Role',
    apiVersion: `${RBAC}/v1`,
    resource: `roles.${RBAC}`,
    path: `/apis/${RBAC}/v1/roles`,
    list: (client, page) => client.rbac.listRoleForAllNamespaces(page, client.callOptions),
  },
  {
    kind: 'RoleBinding',
    apiVersion: `${RBAC}/v1`,
    resource: `rolebindings.${RBAC}`,
    path: `/apis/${RBAC}/v1/rolebindings`,
    list: (client, page) => client.rbac.listRoleBindingForAllNamespaces(page, client.callOptions),
  },
  {
    // Reduced to the identity each pod runs as by normalizeObject, page by page.
    kind: 'Pod',
    apiVersion: 'v1',
    resource: 'pods',
    path: '/api/v1/pods',
    list: (client, page) => client.core.listPodForAllNamespaces(page, client.callOptions),
  },
];
