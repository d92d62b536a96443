import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../snapshot/types';
import { canonicalJson, sha256Hex } from './canonical-json';
import { InvalidObjectError, lacksNamespace, normalizeList, normalizeObject } from './normalize';

// Shaped like `kubectl get role -n kube-system -o json` output of a Role created with
// `kubectl apply`: server-set fields included.
function liveRole(overrides: { resourceVersion: string; managedTime: string }): JsonObject {
  const rules = [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['kubeadm-config'], verbs: ['get'] }];
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: {
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ kind: 'Role', rules }) + '\n',
      },
      creationTimestamp: '2024-03-01T10:00:00Z',
      managedFields: [
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:rules': {} },
          manager: 'kubectl-client-side-apply',
          operation: 'Update',
          time: overrides.managedTime,
        },
      ],
      name: 'kubeadm:nodes-kubeadm-config',
      namespace: 'kube-system',
      resourceVersion: overrides.resourceVersion,
      uid: '6f1c1f0e-2b36-4a53-9a0c-6a1f8f9d2c11',
    },
    rules,
  };
}

function must<T>(value: T | null): T {
  assert.ok(value !== null, 'expected an object');
  return value;
}

void describe('normalizeObject: volatile fields', () => {
  void test('drops managedFields, resourceVersion and last-applied, keeps uid and creationTimestamp', () => {
    const object = must(normalizeObject(liveRole({ resourceVersion: '812', managedTime: '2024-03-01T10:00:00Z' })));
    assert.equal(object.kind, 'Role');
    assert.equal(object.namespace, 'kube-system');
    assert.equal(object.name, 'kubeadm:nodes-kubeadm-config');
    assert.deepEqual(object.body.metadata, {
      creationTimestamp: '2024-03-01T10:00:00Z',
      name: 'kubeadm:nodes-kubeadm-config',
      namespace: 'kube-system',
      uid: '6f1c1f0e-2b36-4a53-9a0c-6a1f8f9d2c11',
    });
    assert.equal(object.hash, sha256Hex(canonicalJson(object.body)));
  });

  void test('an object that only changed resourceVersion/managedFields hashes the same', () => {
    const a = must(normalizeObject(liveRole({ resourceVersion: '812', managedTime: '2024-03-01T10:00:00Z' })));
    const b = must(normalizeObject(liveRole({ resourceVersion: '99120', managedTime: '2025-01-09T08:30:00Z' })));
    assert.equal(a.hash, b.hash);
  });

  void test('a real change (a new verb) changes the hash', () => {
    const raw = liveRole({ resourceVersion: '1', managedTime: '2024-03-01T10:00:00Z' });
    const changed = structuredClone(raw);
    changed.rules = [{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['kubeadm-config'], verbs: ['get', 'list'] }];
    assert.notEqual(must(normalizeObject(raw)).hash, must(normalizeObject(changed)).hash);
  });

  void test('drops status, generation, selfLink and creationTimestamp: null; keeps other annotations', () => {
    const object = must(
      normalizeObject({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: 'team-a',
          creationTimestamp: null,
          generation: 3,
          selfLink: '/api/v1/namespaces/team-a',
          labels: { 'kubernetes.io/metadata.name': 'team-a' },
          annotations: { owner: 'alice' },
        },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      }),
    );
    assert.deepEqual(object.body, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a', labels: { 'kubernetes.io/metadata.name': 'team-a' }, annotations: { owner: 'alice' } },
      spec: { finalizers: ['kubernetes'] },
    });
  });

  void test('re-normalizing a normalized body is a no-op', () => {
    const once = must(normalizeObject(liveRole({ resourceVersion: '5', managedTime: '2024-03-01T10:00:00Z' })));
    const twice = must(normalizeObject(once.body));
    assert.deepEqual(twice, once);
  });
});

void describe('normalizeObject: kinds and scope', () => {
  void test('Secrets are never kept, whatever they hold', () => {
    assert.equal(normalizeObject({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { token: 'c2VjcmV0' } }), null);
  });

  void test('kinds outside CLUSTER_KINDS are not kept', () => {
    assert.equal(normalizeObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } }), null);
  });

  void test('a custom resource that reuses an RBAC kind name in another group is not RBAC', () => {
    assert.equal(normalizeObject({ apiVersion: 'iam.example.com/v1', kind: 'Role', metadata: { name: 'r' } }), null);
  });

  void test('cluster-scoped kinds get namespace "" and lose metadata.namespace (terway sets one)', () => {
    const object = must(
      normalizeObject({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'terway-pod-reader', namespace: 'kube-system' },
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
      }),
    );
    assert.equal(object.namespace, '');
    assert.deepEqual(object.body.metadata, { name: 'terway-pod-reader' });
  });

  void test('a namespaced object without a namespace goes to "default", or to the given namespace', () => {
    const raw: JsonObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'argocd-server' } };
    assert.equal(lacksNamespace(raw), true);
    assert.equal(must(normalizeObject(raw)).namespace, 'default');
    const placed = must(normalizeObject(raw, 'argocd'));
    assert.equal(placed.namespace, 'argocd');
    assert.deepEqual(placed.body.metadata, { name: 'argocd-server', namespace: 'argocd' });
    assert.equal(lacksNamespace(placed.body), false);
  });

  void test('a kept object without metadata.name is an error, not a silent drop', () => {
    assert.throws(() => normalizeObject({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: {} }), InvalidObjectError);
  });
});

void describe('normalizeObject: Pods are reduced to their identity', () => {
  const pod: JsonObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'demo-7d9c',
      namespace: 'rrsa-demo',
      labels: { app: 'demo' },
      annotations: { 'kubectl.kubernetes.io/restartedAt': '2024-01-01T00:00:00Z' },
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'demo-7d9', uid: 'u-1', controller: true, blockOwnerDeletion: true },
      ],
    },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'registry.example.com/demo:1.0',
          env: [
            { name: 'DB_PASSWORD', value: 'hunter2' },
            { name: 'ALIBABA_CLOUD_ROLE_ARN', value: 'acs:ram::1234567890:role/demo-role' },
            { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'tok', key: 'token' } } },
          ],
        },
        { name: 'sidecar', image: 'busybox', env: [{ name: 'MODE', value: 'x' }] },
      ],
      volumes: [{ name: 'creds', secret: { secretName: 'tok' } }],
    },
    status: { podIP: '10.0.0.5' },
  };

  void test('keeps name, namespace, labels, owner, serviceAccountName and the RRSA role only', () => {
    const object = must(normalizeObject(pod));
    assert.deepEqual(object.body, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'demo-7d9c',
        namespace: 'rrsa-demo',
        labels: { app: 'demo' },
        ownerReferences: [{ kind: 'ReplicaSet', name: 'demo-7d9', controller: true }],
      },
      spec: {
        serviceAccountName: 'default',
        containers: [{ name: 'app', env: [{ name: 'ALIBABA_CLOUD_ROLE_ARN', value: 'acs:ram::1234567890:role/demo-role' }] }],
      },
    });
    const text = JSON.stringify(object.body);
    for (const secretish of ['hunter2', 'registry.example.com', 'tok', '10.0.0.5']) assert.ok(!text.includes(secretish), secretish);
  });

  void test('uses serviceAccountName, then the deprecated serviceAccount alias', () => {
    const named = structuredClone(pod);
    named.spec = { serviceAccountName: 'builder', serviceAccount: 'old', automountServiceAccountToken: false };
    assert.deepEqual(must(normalizeObject(named)).body.spec, { serviceAccountName: 'builder', automountServiceAccountToken: false });
    named.spec = { serviceAccount: 'old' };
    assert.deepEqual(must(normalizeObject(named)).body.spec, { serviceAccountName: 'old' });
  });

  void test('a mirror pod runs as no ServiceAccount, and stays so when normalized again', () => {
    const mirror: JsonObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'kube-apiserver-node1', namespace: 'kube-system', annotations: { 'kubernetes.io/config.mirror': 'abc' } },
      spec: { containers: [{ name: 'kube-apiserver', image: 'k8s' }] },
    };
    const once = must(normalizeObject(mirror));
    assert.deepEqual(once.body.spec, { serviceAccountName: '' });
    assert.deepEqual(must(normalizeObject(once.body)), once);
  });

  void test('re-normalizing a reduced pod is a no-op', () => {
    const once = must(normalizeObject(pod));
    assert.deepEqual(must(normalizeObject(once.body)), once);
  });
});

void describe('normalizeObject: APIResourceList', () => {
  void test('keeps groupVersion and name/namespaced/kind/verbs per resource; name is the groupVersion', () => {
    const object = must(
      normalizeObject({
        kind: 'APIResourceList',
        apiVersion: 'v1',
        groupVersion: 'rbac.authorization.k8s.io/v1',
        resources: [
          { name: 'roles', singularName: 'role', namespaced: true, kind: 'Role', verbs: ['get', 'list'], storageVersionHash: 'abc=' },
          { name: 'clusterroles', singularName: 'clusterrole', namespaced: false, kind: 'ClusterRole', verbs: ['get'] },
        ],
      }),
    );
    assert.equal(object.name, 'rbac.authorization.k8s.io/v1');
    assert.equal(object.namespace, '');
    assert.deepEqual(object.body, {
      apiVersion: 'v1',
      kind: 'APIResourceList',
      groupVersion: 'rbac.authorization.k8s.io/v1',
      resources: [
        { name: 'roles', namespaced: true, kind: 'Role', verbs: ['get', 'list'] },
        { name: 'clusterroles', namespaced: false, kind: 'ClusterRole', verbs: ['get'] },
      ],
    });
    assert.deepEqual(must(normalizeObject(object.body)), object);
  });
});

void describe('normalizeList', () => {
  void test('last duplicate wins, skipped kinds are counted, each with a warning', () => {
    const first: JsonObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'a', namespace: 'x', labels: { v: '1' } } };
    const second: JsonObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'a', namespace: 'x', labels: { v: '2' } } };
    const deployment: JsonObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' } };
    const { objects, warnings } = normalizeList([first, deployment, second, deployment]);
    assert.equal(objects.length, 1);
    assert.deepEqual(objects[0]?.body.metadata, { name: 'a', namespace: 'x', labels: { v: '2' } });
    assert.deepEqual(warnings, [
      'ServiceAccount/x/a appears more than once; the last one is kept',
      'skipped 2 Deployment (apps/v1) (not a kind Access Atlas keeps)',
    ]);
  });
});
