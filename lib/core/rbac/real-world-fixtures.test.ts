// Decisions over RBAC that popular projects really install (fixtures/real-world-rbac), on top
// of the default policy, aggregated as a live cluster would hold it. Expectations were read
// off the fixture YAML; see fixtures/real-world-rbac/README.md for each file's source.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyAggregation } from './aggregation';
import { buildAuthzIndex } from './authz-index';
import { canI } from './can-i';
import { rulesOf } from './effective-rules';
import { naiveCanI, naiveWhoCan } from './naive';
import { BOOTSTRAP_FILES, REAL_WORLD_FILES, fixtureObjects } from './testdata/fixtures';
import { authenticated, mergeObjects, res, serviceAccount, url, userRoleBindings } from './testdata/identities';
import type { AuthzRequest, UserInfo } from './types';
import { whoCan } from './who-can';

const objects = applyAggregation(
  mergeObjects(fixtureObjects(BOOTSTRAP_FILES), fixtureObjects(REAL_WORLD_FILES), userRoleBindings('team', { alice: 'view' })),
);
const index = buildAuthzIndex(objects);

const argoController = serviceAccount('argocd', 'argocd-application-controller');
const argoServer = serviceAccount('argocd', 'argocd-server');
const tigera = serviceAccount('tigera-operator', 'tigera-operator');
const dashboard = serviceAccount('kubernetes-dashboard', 'kubernetes-dashboard');
const terway = serviceAccount('kube-system', 'terway');
const RBAC = 'rbac.authorization.k8s.io';

const checks: [string, UserInfo, AuthzRequest, boolean][] = [
  // argo-cd: ClusterRole argocd-application-controller is `*` on `*` plus nonResourceURLs `*`.
  ['argocd-application-controller may delete secrets anywhere', argoController, res('delete', '', 'secrets', 'kube-system', 'x'), true],
  [
    'argocd-application-controller may use any verb on any resource',
    argoController,
    res('escalate', RBAC, 'clusterroles', '', 'cluster-admin'),
    true,
  ],
  ['argocd-application-controller may post to any non-resource URL', argoController, url('post', '/anything'), true],
  // argo-cd: the RoleBinding argocd-server names its ServiceAccount without a namespace.
  [
    'argocd-server may create secrets in argocd (RoleBinding SA defaults to the binding namespace)',
    argoServer,
    res('create', '', 'secrets', 'argocd'),
    true,
  ],
  ['argocd-server may not create secrets in default (Role only in argocd)', argoServer, res('create', '', 'secrets', 'default'), false],
  [
    'argocd-server may get secrets anywhere (its ClusterRole is delete,get,patch on */*)',
    argoServer,
    res('get', '', 'secrets', 'default', 'x'),
    true,
  ],
  [
    'argocd-server may update */finalizers of anything (star-slash-subresource)',
    argoServer,
    res('update', 'apps', 'deployments', 'default', 'web', 'finalizers'),
    true,
  ],
  [
    'an argocd-server ServiceAccount in another namespace gets none of it',
    serviceAccount('default', 'argocd-server'),
    res('get', '', 'secrets', 'default', 'x'),
    false,
  ],
  // calico: tigera-operator has bind/escalate on RBAC objects; its secrets writes are namespaced.
  ['tigera-operator may bind clusterroles', tigera, res('bind', RBAC, 'clusterroles', '', 'cluster-admin'), true],
  ['tigera-operator may escalate roles', tigera, res('escalate', RBAC, 'roles', 'kube-system', 'x'), true],
  [
    'tigera-operator may create secrets in tigera-operator (RoleBinding to ClusterRole tigera-operator-secrets)',
    tigera,
    res('create', '', 'secrets', 'tigera-operator'),
    true,
  ],
  ['tigera-operator may not create secrets in default', tigera, res('create', '', 'secrets', 'default'), false],
  [
    'tigera-operator may use podsecuritypolicy tigera-operator',
    tigera,
    res('use', 'policy', 'podsecuritypolicies', '', 'tigera-operator'),
    true,
  ],
  // kubernetes-dashboard: secrets only by resourceNames.
  [
    'dashboard may get its key-holder secret',
    dashboard,
    res('get', '', 'secrets', 'kubernetes-dashboard', 'kubernetes-dashboard-key-holder'),
    true,
  ],
  [
    'dashboard may not list secrets (resourceNames never match a list)',
    dashboard,
    res('list', '', 'secrets', 'kubernetes-dashboard'),
    false,
  ],
  ['dashboard may not get another secret', dashboard, res('get', '', 'secrets', 'kubernetes-dashboard', 'other'), false],
  [
    'dashboard may not get its key-holder name in another namespace',
    dashboard,
    res('get', '', 'secrets', 'default', 'kubernetes-dashboard-key-holder'),
    false,
  ],
  [
    'dashboard may proxy to service heapster (verb proxy on services)',
    dashboard,
    res('proxy', '', 'services', 'kubernetes-dashboard', 'heapster'),
    true,
  ],
  // terway: the ClusterRole and its binding carry metadata.namespace kube-system, which is ignored.
  ['terway may list pods in any namespace', terway, res('list', '', 'pods', 'default'), true],
  ['terway may list pods cluster-wide', terway, res('list', '', 'pods'), true],
  [
    'terway may do anything to crd.projectcalico.org resources cluster-wide',
    terway,
    res('delete', 'crd.projectcalico.org', 'ippools', '', 'p'),
    true,
  ],
  // aggregation of real labels into view, and kyverno's pure aggregationRule roles
  [
    'view now reads cert-manager certificates (cert-manager-view aggregates to view)',
    authenticated('alice'),
    res('list', 'cert-manager.io', 'certificates', 'team'),
    true,
  ],
  [
    'view now reads metrics.k8s.io pods (system:aggregated-metrics-reader)',
    authenticated('alice'),
    res('list', 'metrics.k8s.io', 'pods', 'team'),
    true,
  ],
  ['view still cannot create certificates', authenticated('alice'), res('create', 'cert-manager.io', 'certificates', 'team'), false],
  [
    'kyverno background controller may create rolebindings (aggregated from :core)',
    serviceAccount('kyverno', 'kyverno-background-controller'),
    res('create', RBAC, 'rolebindings', 'default'),
    true,
  ],
  // cross-file references
  [
    'metrics-server reads extension-apiserver-authentication (Role from the bootstrap policy)',
    serviceAccount('kube-system', 'metrics-server'),
    res('get', '', 'configmaps', 'kube-system', 'extension-apiserver-authentication'),
    true,
  ],
  [
    'metrics-server may create tokenreviews (system:auth-delegator from bootstrap)',
    serviceAccount('kube-system', 'metrics-server'),
    res('create', 'authentication.k8s.io', 'tokenreviews'),
    true,
  ],
  [
    'flux kustomize-controller is cluster-admin (cluster-reconciler)',
    serviceAccount('flux-system', 'kustomize-controller'),
    res('delete', '', 'namespaces', '', 'kube-system'),
    true,
  ],
  ['prometheus may get /metrics', serviceAccount('default', 'prometheus'), url('get', '/metrics'), true],
  ['external-dns may list nodes', serviceAccount('default', 'external-dns'), res('list', '', 'nodes'), true],
  [
    'external-dns may not get a node (only watch, list)',
    serviceAccount('default', 'external-dns'),
    res('get', '', 'nodes', '', 'n1'),
    false,
  ],
  [
    'kube-state-metrics may list secrets cluster-wide',
    serviceAccount('kube-system', 'kube-state-metrics'),
    res('list', '', 'secrets'),
    true,
  ],
  [
    'kube-state-metrics may not get a secret',
    serviceAccount('kube-system', 'kube-state-metrics'),
    res('get', '', 'secrets', 'default', 'x'),
    false,
  ],
  [
    'ack-ram-authenticator may get configmap alibabacloud-auth (resourceNames)',
    serviceAccount('kube-system', 'ack-ram-authenticator'),
    res('get', '', 'configmaps', 'kube-system', 'alibabacloud-auth'),
    true,
  ],
  [
    'the placeholder user <ram-name> gets nothing: its roleRef <cluster-role-name> does not exist',
    authenticated('<ram-name>'),
    res('get', '', 'pods', 'default', 'p'),
    false,
  ],
];

void describe('can-i over real-world RBAC', () => {
  for (const [name, user, request, allowed] of checks) {
    void test(name, () => {
      const got = canI(index, user, request);
      assert.equal(got.allowed, allowed);
      assert.deepEqual(got, naiveCanI(objects, user, request));
    });
  }
});

void describe('who-can and rules over real-world RBAC', () => {
  void test('a ServiceAccount without namespace in an argo-cd RoleBinding is reported in the binding namespace', () => {
    const answer = whoCan(index, res('create', '', 'secrets', 'argocd'));
    const server = answer.subjects.find((s) => s.kind === 'ServiceAccount' && s.name === 'argocd-server');
    assert.deepEqual(server, {
      kind: 'ServiceAccount',
      name: 'argocd-server',
      namespace: 'argocd',
      matchedBy: [
        {
          binding: { kind: 'RoleBinding', name: 'argocd-server', namespace: 'argocd' },
          role: { kind: 'Role', name: 'argocd-server' },
          ruleIndex: 0,
        },
      ],
    });
    assert.deepEqual(answer, naiveWhoCan(objects, res('create', '', 'secrets', 'argocd')));
  });

  void test('who can bind clusterroles: system:masters, argocd-application-controller, tigera-operator, flux reconcilers', () => {
    const answer = whoCan(index, res('bind', RBAC, 'clusterroles', '', 'cluster-admin'));
    assert.deepEqual(
      answer.subjects.map((s) => `${s.kind} ${s.namespace ?? ''}/${s.name}`),
      [
        'Group /system:masters',
        'ServiceAccount argocd/argocd-application-controller',
        'ServiceAccount flux-system/helm-controller',
        'ServiceAccount flux-system/kustomize-controller',
        'ServiceAccount tigera-operator/tigera-operator',
      ],
    );
  });

  void test('rulesOf a ServiceAccount includes its cluster-wide and namespaced grants, with the subject that matched', () => {
    const rules = rulesOf(index, { kind: 'ServiceAccount', name: 'argocd-server', namespace: 'argocd' });
    const where = rules.map(
      (r) =>
        `${r.namespace || '*'} ${r.match.binding.kind} ${r.match.binding.name} #${r.match.ruleIndex} via ${r.via.kind} ${r.via.namespace ?? ''}/${r.via.name}`,
    );
    // Cluster-wide first: the argocd-server CRB (7 rules), the bootstrap CRBs to system:authenticated; then argocd.
    assert.ok(where.includes('* ClusterRoleBinding argocd-server #0 via ServiceAccount argocd/argocd-server'));
    assert.ok(where.includes('* ClusterRoleBinding system:basic-user #0 via Group /system:authenticated'));
    assert.ok(where.includes('argocd RoleBinding argocd-server #2 via ServiceAccount argocd/argocd-server'));
    const firstNamespaced = rules.findIndex((r) => r.namespace !== '');
    assert.ok(firstNamespaced > 0 && rules.slice(firstNamespaced).every((r) => r.namespace === 'argocd'));
  });

  void test('the placeholder binding of ack-ram-authenticator is reported as unresolved, the rest resolve', () => {
    assert.deepEqual(index.unresolvedBindings, [
      {
        binding: { kind: 'ClusterRoleBinding', name: 'example-name' },
        roleRef: { kind: 'ClusterRole', name: '<cluster-role-name>' },
        reason: 'missing-role',
      },
    ]);
  });

  void test('without the bootstrap policy, metrics-server RoleBinding to a bootstrap Role is reported unresolved', () => {
    const alone = buildAuthzIndex(fixtureObjects([{ path: 'real-world-rbac/metrics-server.yaml' }]));
    assert.deepEqual(
      alone.unresolvedBindings.map(
        (u) => `${u.binding.kind} ${u.binding.namespace ?? ''}/${u.binding.name} -> ${u.roleRef.kind} ${u.roleRef.name}: ${u.reason}`,
      ),
      [
        'ClusterRoleBinding /metrics-server:system:auth-delegator -> ClusterRole system:auth-delegator: missing-role',
        'RoleBinding kube-system/metrics-server-auth-reader -> Role extension-apiserver-authentication-reader: missing-role',
      ],
    );
    const reader = serviceAccount('kube-system', 'metrics-server');
    assert.equal(canI(alone, reader, res('get', '', 'configmaps', 'kube-system', 'extension-apiserver-authentication')).allowed, false);
    assert.equal(canI(alone, reader, res('get', '', 'nodes', '', 'metrics', 'metrics')).allowed, true, 'the other bindings still grant');
  });
});
