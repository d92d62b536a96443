import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BOOTSTRAP_FILES, REAL_WORLD_FILES, fixtureDocs, fixtureObjects } from '../rbac/testdata/fixtures';
import { toClusterObjects } from './to-cluster-objects';

void describe('toClusterObjects on the real fixtures', () => {
  void test('bootstrap: counts per the fixture README (ClusterRoles 31 + 38, bindings 10 + 38, Roles 7, RoleBindings 7)', () => {
    const o = fixtureObjects(BOOTSTRAP_FILES);
    assert.equal(o.clusterRoles.length, 69);
    assert.equal(o.clusterRoleBindings.length, 48);
    assert.equal(o.roles.length, 7);
    assert.equal(o.roleBindings.length, 7);
  });
  void test('real-world: 43 ServiceAccounts, 53 ClusterRoles, 38 ClusterRoleBindings, 20 Roles, 22 RoleBindings', () => {
    const o = fixtureObjects(REAL_WORLD_FILES);
    assert.deepEqual(
      [o.serviceAccounts.length, o.clusterRoles.length, o.clusterRoleBindings.length, o.roles.length, o.roleBindings.length],
      [43, 53, 38, 20, 22],
    );
  });
  void test('rules: null becomes [] and the aggregationRule is kept (bootstrap admin)', () => {
    const admin = fixtureObjects(BOOTSTRAP_FILES).clusterRoles.find((r) => r.name === 'admin');
    assert.deepEqual(admin?.rules, []);
    assert.deepEqual(admin?.aggregationRule, {
      clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' }, matchExpressions: [] }],
    });
  });
  void test('terway: metadata.namespace on a ClusterRole and a ClusterRoleBinding is ignored', () => {
    const o = toClusterObjects(fixtureDocs('real-world-rbac/terway.yaml'));
    assert.deepEqual(Object.keys(o.clusterRoles[0] ?? {}).sort(), ['kind', 'labels', 'name', 'rules']);
    assert.deepEqual(o.clusterRoleBindings[0], {
      kind: 'ClusterRoleBinding',
      name: 'terway-binding',
      subjects: [{ kind: 'ServiceAccount', name: 'terway', namespace: 'kube-system', apiGroup: '' }],
      roleRef: { kind: 'ClusterRole', name: 'terway-pod-reader', apiGroup: 'rbac.authorization.k8s.io' },
    });
  });
  void test('argo-cd: namespaced objects without namespace need a default namespace; subject namespace absent -> ""', () => {
    assert.throws(
      () => toClusterObjects(fixtureDocs('real-world-rbac/argo-cd.yaml')),
      /ServiceAccount argocd-application-controller: field metadata\.namespace/,
    );
    const o = toClusterObjects(fixtureDocs('real-world-rbac/argo-cd.yaml'), { defaultNamespace: 'argocd' });
    const rb = o.roleBindings.find((b) => b.name === 'argocd-server');
    assert.equal(rb?.namespace, 'argocd');
    assert.deepEqual(rb?.subjects, [{ kind: 'ServiceAccount', name: 'argocd-server', namespace: '', apiGroup: '' }]);
  });
});

void describe('toClusterObjects kinds and validation', () => {
  void test('Namespace, ServiceAccount, Pod (controller owner), APIResourceList; other kinds ignored', () => {
    const o = toClusterObjects([
      { kind: 'Namespace', metadata: { name: 'team', labels: { env: 'prod' } } },
      { kind: 'ServiceAccount', metadata: { name: 'bot', namespace: 'team' }, automountServiceAccountToken: false },
      {
        kind: 'Pod',
        metadata: {
          name: 'web-1',
          namespace: 'team',
          ownerReferences: [
            { kind: 'Other', name: 'x' },
            { kind: 'ReplicaSet', name: 'web-5d4', controller: true },
          ],
        },
        spec: { serviceAccountName: 'bot' },
      },
      { kind: 'Pod', metadata: { name: 'bare', namespace: 'team' }, spec: {} },
      {
        kind: 'APIResourceList',
        groupVersion: 'apps/v1',
        resources: [{ name: 'deployments/scale', namespaced: true, kind: 'Scale', verbs: ['get', 'patch', 'update'] }],
      },
      { kind: 'APIResourceList', groupVersion: 'v1', resources: [{ name: 'nodes', namespaced: false, kind: 'Node' }] },
      { kind: 'ConfigMap', metadata: { name: 'ignored', namespace: 'team' } },
    ]);
    assert.deepEqual(o.namespaces, [{ name: 'team', labels: { env: 'prod' }, annotations: {} }]);
    assert.deepEqual(o.serviceAccounts, [
      { namespace: 'team', name: 'bot', labels: {}, annotations: {}, automountServiceAccountToken: false },
    ]);
    assert.deepEqual(o.pods[0], {
      namespace: 'team',
      name: 'web-1',
      labels: {},
      serviceAccountName: 'bot',
      owner: { kind: 'ReplicaSet', name: 'web-5d4' },
    });
    assert.deepEqual(o.pods[1], { namespace: 'team', name: 'bare', labels: {}, serviceAccountName: 'default' });
    assert.deepEqual(o.apiResources, [
      { group: 'apps', version: 'v1', name: 'deployments/scale', kind: 'Scale', namespaced: true, verbs: ['get', 'patch', 'update'] },
      { group: '', version: 'v1', name: 'nodes', kind: 'Node', namespaced: false, verbs: [] },
    ]);
  });
  void test('a Pod without a controller owner takes the first owner', () => {
    const o = toClusterObjects([
      {
        kind: 'Pod',
        metadata: { name: 'p', namespace: 'n', ownerReferences: [{ kind: 'Node', name: 'n1' }] },
        spec: { serviceAccount: 'legacy' },
      },
    ]);
    assert.deepEqual(o.pods[0]?.owner, { kind: 'Node', name: 'n1' });
    assert.equal(o.pods[0]?.serviceAccountName, 'legacy');
  });
  void test('absent rule lists become []', () => {
    const o = toClusterObjects([
      { kind: 'Role', metadata: { name: 'r', namespace: 'n' }, rules: [{ verbs: ['get'], nonResourceURLs: null }] },
    ]);
    assert.deepEqual(o.roles[0]?.rules, [{ verbs: ['get'], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [] }]);
  });
  void test('a malformed object throws naming kind, namespace/name and the field', () => {
    assert.throws(
      () => toClusterObjects([{ kind: 'Role', metadata: { name: 'r', namespace: 'n' }, rules: [{ verbs: 'get' }] }]),
      /malformed Role n\/r: field rules\.0\.verbs/,
    );
    assert.throws(
      () => toClusterObjects([{ kind: 'RoleBinding', metadata: { name: 'b', namespace: 'n' }, subjects: [] }]),
      /malformed RoleBinding n\/b: field roleRef/,
    );
    assert.throws(
      () => toClusterObjects([{ kind: 'ClusterRole', metadata: {} }]),
      /malformed ClusterRole \(no metadata\.name\): field metadata\.name/,
    );
    assert.throws(
      () => toClusterObjects([{ kind: 'ClusterRole', metadata: { name: 'c', labels: { a: true } } }]),
      /malformed ClusterRole c: field metadata\.labels\.a/,
    );
    assert.throws(
      () =>
        toClusterObjects([
          {
            kind: 'ClusterRole',
            metadata: { name: 'c' },
            aggregationRule: { clusterRoleSelectors: [{ matchExpressions: [{ key: 'a', operator: 'Has' }] }] },
          },
        ]),
      /malformed ClusterRole c: field aggregationRule\.clusterRoleSelectors\.0\.matchExpressions\.0\.operator/,
    );
    assert.throws(() => toClusterObjects([{ kind: 'APIResourceList', resources: [] }]), /malformed APIResourceList: field groupVersion/);
  });
});
