// Decisions and who-can answers over the REAL default policy of kube-apiserver
// (fixtures/k8s-bootstrap: upstream bootstrappolicy golden files). Each expectation was read
// off the fixture YAML; the comment names the rule that decides it. admin/edit/view ship with
// `rules: null` and are filled by applyAggregation, as the aggregation controller would.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyAggregation } from './aggregation';
import { buildAuthzIndex } from './authz-index';
import { canI } from './can-i';
import { naiveCanI, naiveWhoCan } from './naive';
import { ANONYMOUS, authenticated, mergeObjects, res, serviceAccount, url, userRoleBindings } from './testdata/identities';
import { BOOTSTRAP_FILES, fixtureObjects } from './testdata/fixtures';
import type { AuthzRequest, UserInfo } from './types';
import { whoCan } from './who-can';

// alice/bob/carol get view/edit/admin in namespace `team` (bootstrap itself binds them nowhere).
const objects = applyAggregation(
  mergeObjects(fixtureObjects(BOOTSTRAP_FILES), userRoleBindings('team', { alice: 'view', bob: 'edit', carol: 'admin' })),
);
const index = buildAuthzIndex(objects);

const scheduler = authenticated('system:kube-scheduler');
const proxy = authenticated('system:kube-proxy');
const kcm = authenticated('system:kube-controller-manager');
const master = authenticated('root', 'system:masters');
const someone = authenticated('jane');
const node = authenticated('system:node:n1', 'system:nodes');
const [alice, bob, carol] = [authenticated('alice'), authenticated('bob'), authenticated('carol')];
const RBAC = 'rbac.authorization.k8s.io';
const LEASES = 'coordination.k8s.io';

const checks: [string, UserInfo, AuthzRequest, boolean][] = [
  // system:kube-scheduler (CRB system:kube-scheduler; RoleBinding kube-system/system::leader-locking-kube-scheduler)
  ['scheduler may create leases (rule without resourceNames)', scheduler, res('create', LEASES, 'leases', 'default'), true],
  [
    'scheduler may update its own lease kube-scheduler (resourceNames rule)',
    scheduler,
    res('update', LEASES, 'leases', 'default', 'kube-scheduler'),
    true,
  ],
  [
    'scheduler may not update the lease kube-controller-manager outside kube-system',
    scheduler,
    res('update', LEASES, 'leases', 'default', 'kube-controller-manager'),
    false,
  ],
  [
    'scheduler may update any lease in kube-system (leader-locking Role)',
    scheduler,
    res('update', LEASES, 'leases', 'kube-system', 'kube-controller-manager'),
    true,
  ],
  ['scheduler may not delete its lease', scheduler, res('delete', LEASES, 'leases', 'default', 'kube-scheduler'), false],
  ['scheduler may create pods/binding', scheduler, res('create', '', 'pods', 'default', 'p', 'binding'), true],
  ['scheduler may not create pods', scheduler, res('create', '', 'pods', 'default'), false],
  [
    'scheduler may get configmap extension-apiserver-authentication in kube-system',
    scheduler,
    res('get', '', 'configmaps', 'kube-system', 'extension-apiserver-authentication'),
    true,
  ],
  [
    'scheduler may not list configmaps in kube-system (list carries no name; rule has resourceNames)',
    scheduler,
    res('list', '', 'configmaps', 'kube-system'),
    false,
  ],
  // system:node-proxier, bound to User system:kube-proxy
  ['kube-proxy may list endpointslices cluster-wide', proxy, res('list', 'discovery.k8s.io', 'endpointslices'), true],
  ['kube-proxy may watch services cluster-wide', proxy, res('watch', '', 'services'), true],
  ['kube-proxy may get a node', proxy, res('get', '', 'nodes', '', 'n1'), true],
  ['kube-proxy may not get a service (only list, watch)', proxy, res('get', '', 'services', 'default', 'kubernetes'), false],
  ['kube-proxy may not get secrets', proxy, res('get', '', 'secrets', 'kube-system', 'x'), false],
  // view / edit / admin through RoleBindings in team
  ['view may list pods', alice, res('list', '', 'pods', 'team'), true],
  ['view may list endpointslices', alice, res('list', 'discovery.k8s.io', 'endpointslices', 'team'), true],
  ['view may not get secrets', alice, res('get', '', 'secrets', 'team', 's'), false],
  ['view may not create pods', alice, res('create', '', 'pods', 'team'), false],
  ['view may not create deployments.apps', alice, res('create', 'apps', 'deployments', 'team'), false],
  ['view in team grants nothing in default', alice, res('list', '', 'pods', 'default'), false],
  ['edit may create deployments.apps', bob, res('create', 'apps', 'deployments', 'team'), true],
  ['edit may get secrets', bob, res('get', '', 'secrets', 'team', 's'), true],
  ['edit may list pods (edit ⊇ view)', bob, res('list', '', 'pods', 'team'), true],
  ['edit may impersonate serviceaccounts in its namespace', bob, res('impersonate', '', 'serviceaccounts', 'team', 'default'), true],
  ['edit may not create roles', bob, res('create', RBAC, 'roles', 'team'), false],
  ['edit may not create rolebindings', bob, res('create', RBAC, 'rolebindings', 'team'), false],
  ['admin may create rolebindings in its namespace', carol, res('create', RBAC, 'rolebindings', 'team'), true],
  ['admin may create deployments (admin ⊇ edit)', carol, res('create', 'apps', 'deployments', 'team'), true],
  ['admin may not create rolebindings in another namespace', carol, res('create', RBAC, 'rolebindings', 'default'), false],
  ['admin may not create namespaces (cluster-scoped)', carol, res('create', '', 'namespaces'), false],
  ['admin may get its own Namespace object through the RoleBinding', carol, res('get', '', 'namespaces', 'team', 'team'), true],
  // cluster-admin via system:masters
  ['system:masters may delete nodes', master, res('delete', '', 'nodes', '', 'n1'), true],
  ['system:masters may use any verb on any group', master, res('frobnicate', 'widgets.example.com', 'widgets', 'x', 'w'), true],
  ['system:masters may DELETE any non-resource URL', master, url('delete', '/anything/at/all'), true],
  ['system:masters may impersonate users', master, res('impersonate', '', 'users', '', 'someone'), true],
  // system:public-info-viewer (authenticated + unauthenticated) and system:discovery (authenticated only in this fixture)
  ['anonymous may get /healthz', ANONYMOUS, url('get', '/healthz'), true],
  ['anonymous may get /version/', ANONYMOUS, url('get', '/version/'), true],
  ['anonymous may get /readyz', ANONYMOUS, url('get', '/readyz'), true],
  ['anonymous may not post /healthz', ANONYMOUS, url('post', '/healthz'), false],
  ['anonymous may not get /api (system:discovery is bound to system:authenticated only)', ANONYMOUS, url('get', '/api'), false],
  ['an authenticated user may get /api', someone, url('get', '/api'), true],
  ['an authenticated user may get /apis/apps (/apis/* prefix)', someone, url('get', '/apis/apps'), true],
  ['an authenticated user may not get /metrics', someone, url('get', '/metrics'), false],
  [
    'an authenticated user may create selfsubjectaccessreviews (system:basic-user)',
    someone,
    res('create', 'authorization.k8s.io', 'selfsubjectaccessreviews'),
    true,
  ],
  ['an authenticated user may not list pods', someone, res('list', '', 'pods', 'default'), false],
  // system:kube-controller-manager
  ['controller-manager may list secrets cluster-wide (*/* list,watch)', kcm, res('list', '', 'secrets'), true],
  ['controller-manager may get a secret', kcm, res('get', '', 'secrets', 'default', 's'), true],
  ['controller-manager may not delete pods', kcm, res('delete', '', 'pods', 'default', 'p'), false],
  [
    'controller-manager may not update the lease kube-scheduler outside kube-system',
    kcm,
    res('update', LEASES, 'leases', 'default', 'kube-scheduler'),
    false,
  ],
  // bindings with no usable subject
  ['the CRB system:node has no subjects: a node gets nothing from RBAC', node, res('get', '', 'secrets', 'default', 's'), false],
  // controllers through their ServiceAccounts
  [
    'clusterrole-aggregation-controller may escalate clusterroles',
    serviceAccount('kube-system', 'clusterrole-aggregation-controller'),
    res('escalate', RBAC, 'clusterroles', '', 'admin'),
    true,
  ],
  [
    'clusterrole-aggregation-controller may not bind clusterroles',
    serviceAccount('kube-system', 'clusterrole-aggregation-controller'),
    res('bind', RBAC, 'clusterroles', '', 'admin'),
    false,
  ],
  [
    'bootstrap-signer may update configmap cluster-info in kube-public',
    serviceAccount('kube-system', 'bootstrap-signer'),
    res('update', '', 'configmaps', 'kube-public', 'cluster-info'),
    true,
  ],
  [
    'bootstrap-signer may not update other configmaps in kube-public',
    serviceAccount('kube-system', 'bootstrap-signer'),
    res('update', '', 'configmaps', 'kube-public', 'other'),
    false,
  ],
  ['kube-dns may list endpoints cluster-wide', serviceAccount('kube-system', 'kube-dns'), res('list', '', 'endpoints'), true],
  [
    'a ServiceAccount of the same name in another namespace is someone else',
    serviceAccount('default', 'kube-dns'),
    res('list', '', 'endpoints'),
    false,
  ],
];

void describe('can-i over the default bootstrap policy', () => {
  for (const [name, user, request, allowed] of checks) {
    void test(name, () => {
      const got = canI(index, user, request);
      assert.equal(got.allowed, allowed);
      assert.equal(got.matchedBy.length > 0, allowed);
      assert.deepEqual(got, naiveCanI(objects, user, request));
    });
  }
});

function summary(request: AuthzRequest, allNamespaces = false): string[] {
  const answer = whoCan(index, request, { allNamespaces });
  assert.deepEqual(answer, naiveWhoCan(objects, request, { allNamespaces }));
  return answer.subjects.map((s) => {
    const paths = s.matchedBy.map(
      (m) =>
        `${m.binding.kind} ${m.binding.namespace ? `${m.binding.namespace}/` : ''}${m.binding.name} -> ${m.role.kind} ${m.role.name} #${m.ruleIndex}`,
    );
    return `${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}: ${paths.join('; ')}`;
  });
}

void describe('who-can over the default bootstrap policy', () => {
  void test('who can escalate clusterroles: cluster-admin and the aggregation controller', () => {
    assert.deepEqual(summary(res('escalate', RBAC, 'clusterroles')), [
      'Group system:masters: ClusterRoleBinding cluster-admin -> ClusterRole cluster-admin #0',
      'ServiceAccount kube-system/clusterrole-aggregation-controller: ClusterRoleBinding system:controller:clusterrole-aggregation-controller -> ClusterRole system:controller:clusterrole-aggregation-controller #0',
    ]);
  });
  void test('who can bind clusterroles or impersonate users: only system:masters', () => {
    const onlyMasters = ['Group system:masters: ClusterRoleBinding cluster-admin -> ClusterRole cluster-admin #0'];
    assert.deepEqual(summary(res('bind', RBAC, 'clusterroles', '', 'cluster-admin')), onlyMasters);
    assert.deepEqual(summary(res('impersonate', '', 'users', '', 'jane')), onlyMasters);
  });
  void test('who can get nodes/proxy: the `*` resource rules of two controllers count, system:kubelet-api-admin is bound to nobody', () => {
    assert.deepEqual(summary(res('get', '', 'nodes', '', 'n1', 'proxy')), [
      'Group system:masters: ClusterRoleBinding cluster-admin -> ClusterRole cluster-admin #0',
      'ServiceAccount kube-system/generic-garbage-collector: ClusterRoleBinding system:controller:generic-garbage-collector -> ClusterRole system:controller:generic-garbage-collector #0',
      'ServiceAccount kube-system/namespace-controller: ClusterRoleBinding system:controller:namespace-controller -> ClusterRole system:controller:namespace-controller #2',
      'ServiceAccount kube-system/podcheckpoint-controller: ClusterRoleBinding system:controller:podcheckpoint-controller -> ClusterRole system:controller:podcheckpoint-controller #4',
    ]);
  });
  void test('who can get secrets in kube-system: RoleBindings of kube-system count, and not in default', () => {
    const inKubeSystem = summary(res('get', '', 'secrets', 'kube-system', 'x'));
    assert.ok(
      inKubeSystem.includes(
        'ServiceAccount kube-system/token-cleaner: RoleBinding kube-system/system:controller:token-cleaner -> Role system:controller:token-cleaner #0',
      ),
    );
    assert.ok(
      inKubeSystem.includes(
        'ServiceAccount kube-system/bootstrap-signer: RoleBinding kube-system/system:controller:bootstrap-signer -> Role system:controller:bootstrap-signer #0',
      ),
    );
    const inDefault = summary(res('get', '', 'secrets', 'default', 'x'));
    assert.ok(!inDefault.some((line) => line.includes('token-cleaner')));
    // All namespaces adds the RoleBindings of team: edit's rule 0 reads secrets, and admin's rule 0
    // is the same rule (admin aggregates edit first: ClusterRoles are taken in name order).
    assert.deepEqual(summary(res('get', '', 'secrets', '', 'x'), true), [
      ...inKubeSystem.slice(0, -1),
      'User bob: RoleBinding team/bob-edit -> ClusterRole edit #0',
      'User carol: RoleBinding team/carol-admin -> ClusterRole admin #0',
      ...inKubeSystem.slice(-1),
    ]);
  });
  void test('who can get /healthz: the groups of public-info-viewer and discovery, and system:masters', () => {
    assert.deepEqual(summary(url('get', '/healthz')), [
      'Group system:authenticated: ClusterRoleBinding system:discovery -> ClusterRole system:discovery #0; ClusterRoleBinding system:public-info-viewer -> ClusterRole system:public-info-viewer #0',
      'Group system:masters: ClusterRoleBinding cluster-admin -> ClusterRole cluster-admin #1',
      'Group system:unauthenticated: ClusterRoleBinding system:public-info-viewer -> ClusterRole system:public-info-viewer #0',
    ]);
  });
  void test('no binding resolves to a missing role in the default policy', () => {
    assert.deepEqual(index.unresolvedBindings, []);
  });
});
