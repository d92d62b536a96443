import 'server-only';
// The cluster the fake API server serves in tests, built from the real fixtures: upstream's
// bootstrap RBAC (k8s-bootstrap) and the ServiceAccounts of real projects (real-world-rbac).
// Server-set fields (uid, resourceVersion, managedFields, creationTimestamp, status) are
// added as a real server would have them. Namespaces and Pods are made up around those
// ServiceAccounts; discovery is a subset of what kube-apiserver 1.30 serves.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import type { JsonObject } from '../../core/snapshot/types';
import type { FakeClusterData } from './fake-kube-api';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const RBAC = 'rbac.authorization.k8s.io';
const CREATED = '2024-05-01T12:00:00Z';

/** The RAM role ARN the RRSA webhook injects; the examples' role names come from the fixture's annotations. */
export const RRSA_ROLE_ARN_PREFIX = 'acs:ram::1234567890123456:role/';

export function buildFixtureCluster(): FakeClusterData {
  const serverSide = serverSideStamper();
  const serviceAccounts = fixtureServiceAccounts();
  const namespaces = [...new Set(['default', 'kube-system', 'kube-public', ...serviceAccounts.map(namespaceOf)])].sort();
  const collections: FakeClusterData['collections'] = {
    '/api/v1/namespaces': { listKind: 'NamespaceList', apiVersion: 'v1', items: namespaces.map(namespaceObject).map(serverSide) },
    '/api/v1/serviceaccounts': { listKind: 'ServiceAccountList', apiVersion: 'v1', items: serviceAccounts.map(serverSide) },
    '/api/v1/pods': { listKind: 'PodList', apiVersion: 'v1', items: podsFor(serviceAccounts).map(serverSide) },
    [`/apis/${RBAC}/v1/clusterroles`]: rbacList('ClusterRoleList', 'cluster-roles.yaml', serverSide),
    [`/apis/${RBAC}/v1/clusterrolebindings`]: rbacList('ClusterRoleBindingList', 'cluster-role-bindings.yaml', serverSide),
    [`/apis/${RBAC}/v1/roles`]: rbacList('RoleList', 'namespace-roles.yaml', serverSide),
    [`/apis/${RBAC}/v1/rolebindings`]: rbacList('RoleBindingList', 'namespace-role-bindings.yaml', serverSide),
  };
  return { collections, discovery: DISCOVERY };
}

function rbacList(listKind: string, file: string, serverSide: (object: JsonObject) => JsonObject) {
  const list = parse(readFileSync(`${FIXTURES}k8s-bootstrap/${file}`, 'utf8')) as { items: JsonObject[] };
  return { listKind, apiVersion: `${RBAC}/v1`, items: list.items.map(serverSide) };
}

/** Every ServiceAccount in the real-world fixtures, placed where `kubectl apply` would put it. */
function fixtureServiceAccounts(): JsonObject[] {
  const byKey = new Map<string, JsonObject>();
  for (const file of readdirSync(`${FIXTURES}real-world-rbac`)
    .filter((name) => name.endsWith('.yaml'))
    .sort()) {
    for (const doc of parseAllDocuments(readFileSync(`${FIXTURES}real-world-rbac/${file}`, 'utf8'))) {
      const value = doc.toJS() as JsonObject | null;
      if (value?.kind !== 'ServiceAccount') continue;
      const metadata = { ...(value.metadata as JsonObject) };
      metadata.namespace = typeof metadata.namespace === 'string' ? metadata.namespace : 'default';
      const key = `${text(metadata.namespace)}/${text(metadata.name)}`;
      if (!byKey.has(key)) byKey.set(key, { ...value, metadata });
    }
  }
  return [...byKey.values()];
}

function namespaceOf(object: JsonObject): string {
  return text((object.metadata as JsonObject).namespace);
}

function text(value: JsonObject[string] | undefined): string {
  return typeof value === 'string' ? value : '';
}

function namespaceObject(name: string): JsonObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

/**
 * One running pod per ServiceAccount, with the things a reduced pod must not keep: images,
 * args, env values, a secret volume. Pods of RRSA-annotated ServiceAccounts carry the
 * role ARN the webhook injects. One mirror (static) pod runs as no ServiceAccount.
 */
function podsFor(serviceAccounts: readonly JsonObject[]): JsonObject[] {
  const pods = serviceAccounts.map((sa, index): JsonObject => {
    const metadata = sa.metadata as JsonObject;
    const name = text(metadata.name);
    const annotations = (metadata.annotations ?? {}) as JsonObject;
    const role = annotations['pod-identity.alibabacloud.com/role-name'];
    const env: JsonObject[] = [
      { name: 'DATABASE_PASSWORD', value: `pw-${index}-do-not-keep` },
      { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api-token', key: 'token' } } },
    ];
    if (typeof role === 'string') env.push({ name: 'ALIBABA_CLOUD_ROLE_ARN', value: `${RRSA_ROLE_ARN_PREFIX}${role}` });
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${name}-5d8f7c-x${index}`,
        namespace: metadata.namespace ?? 'default',
        labels: { app: name },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: `${name}-5d8f7c`,
            uid: `rs-${index}`,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        serviceAccountName: metadata.name ?? 'default',
        containers: [{ name: 'main', image: `registry.example.com/app-${index}:1.0`, args: ['--secret-flag=do-not-keep'], env }],
        volumes: [{ name: 'creds', secret: { secretName: 'api-token' } }],
      },
      status: { phase: 'Running', podIP: `10.0.0.${index + 1}` },
    };
  });
  pods.push({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'kube-apiserver-node-1', namespace: 'kube-system', annotations: { 'kubernetes.io/config.mirror': 'e3b0c442' } },
    spec: { containers: [{ name: 'kube-apiserver', image: 'registry.k8s.io/kube-apiserver:v1.30.0' }] },
    status: { phase: 'Running' },
  });
  return pods;
}

/** Stamps objects as the server stores them (uids and resourceVersions counting up); list items lose kind and apiVersion. */
function serverSideStamper(): (object: JsonObject) => JsonObject {
  let counter = 0;
  return (object) => {
    const { kind: _kind, apiVersion, ...rest } = object;
    const metadata = { ...(rest.metadata as JsonObject) };
    counter += 1;
    metadata.uid = `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
    metadata.resourceVersion = String(1000 + counter);
    metadata.creationTimestamp = CREATED;
    metadata.managedFields = [
      {
        manager: 'kubectl-client-side-apply',
        operation: 'Update',
        apiVersion: apiVersion ?? 'v1',
        time: CREATED,
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:metadata': {} },
      },
    ];
    return { ...rest, metadata };
  };
}

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function resource(name: string, kind: string, namespaced: boolean, verbs: string[] = VERBS): JsonObject {
  return { name, singularName: name.includes('/') ? '' : name.replace(/s$/, ''), namespaced, kind, verbs, storageVersionHash: 'abc123=' };
}

const DISCOVERY: Record<string, JsonObject> = {
  '/api': {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '10.0.0.1:6443' }],
  },
  '/api/v1': {
    kind: 'APIResourceList',
    groupVersion: 'v1',
    resources: [
      resource('namespaces', 'Namespace', false, ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']),
      resource('pods', 'Pod', true),
      resource('pods/exec', 'PodExecOptions', true, ['create', 'get']),
      resource('pods/log', 'Pod', true, ['get']),
      resource('secrets', 'Secret', true),
      resource('serviceaccounts', 'ServiceAccount', true),
      resource('serviceaccounts/token', 'TokenRequest', true, ['create']),
    ],
  },
  '/apis': {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [
      {
        name: RBAC,
        versions: [{ groupVersion: `${RBAC}/v1`, version: 'v1' }],
        preferredVersion: { groupVersion: `${RBAC}/v1`, version: 'v1' },
      },
      {
        name: 'apps',
        versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
        preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
      },
      {
        name: 'metrics.k8s.io',
        versions: [{ groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' }],
        preferredVersion: { groupVersion: 'metrics.k8s.io/v1beta1', version: 'v1beta1' },
      },
    ],
  },
  [`/apis/${RBAC}/v1`]: {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: `${RBAC}/v1`,
    resources: [
      resource('clusterrolebindings', 'ClusterRoleBinding', false),
      resource('clusterroles', 'ClusterRole', false),
      resource('rolebindings', 'RoleBinding', true),
      resource('roles', 'Role', true),
    ],
  },
  '/apis/apps/v1': {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: 'apps/v1',
    resources: [resource('deployments', 'Deployment', true), resource('deployments/scale', 'Scale', true, ['get', 'patch', 'update'])],
  },
  '/apis/metrics.k8s.io/v1beta1': {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: 'metrics.k8s.io/v1beta1',
    resources: [resource('pods', 'PodMetrics', true, ['get', 'list'])],
  },
};
