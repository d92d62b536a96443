// rulesOf (what an identity holds) and accessMatrix (rakkess-style grid), checked against canI.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { toClusterObjects } from '../kube/to-cluster-objects';
import type { ApiResource } from '../kube/types';
import { accessMatrix } from './access-matrix';
import { applyAggregation } from './aggregation';
import { buildAuthzIndex } from './authz-index';
import { canI } from './can-i';
import { rulesOf } from './effective-rules';
import { BOOTSTRAP_FILES, fixtureObjects } from './testdata/fixtures';
import { authenticated, mergeObjects, res, userRoleBindings } from './testdata/identities';

const G = 'rbac.authorization.k8s.io';
const small = buildAuthzIndex(
  toClusterObjects([
    { kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }] },
    {
      kind: 'ClusterRole',
      metadata: { name: 'writer' },
      rules: [
        { verbs: ['create'], apiGroups: [''], resources: ['pods'] },
        { verbs: ['get'], nonResourceURLs: ['/metrics'] },
      ],
    },
    {
      kind: 'ClusterRoleBinding',
      metadata: { name: 'all-authenticated' },
      subjects: [{ kind: 'Group', name: 'system:authenticated', apiGroup: G }],
      roleRef: { kind: 'ClusterRole', name: 'reader' },
    },
    {
      kind: 'ClusterRoleBinding',
      metadata: { name: 'anon' },
      subjects: [{ kind: 'Group', name: 'system:unauthenticated', apiGroup: G }],
      roleRef: { kind: 'ClusterRole', name: 'writer' },
    },
    {
      kind: 'RoleBinding',
      metadata: { name: 'sa-local', namespace: 'ns1' },
      subjects: [{ kind: 'ServiceAccount', name: 'bot' }],
      roleRef: { kind: 'ClusterRole', name: 'writer' },
    },
    {
      kind: 'RoleBinding',
      metadata: { name: 'sa-as-user', namespace: 'ns2' },
      subjects: [{ kind: 'User', name: 'system:serviceaccount:ns1:bot', apiGroup: G }],
      roleRef: { kind: 'ClusterRole', name: 'reader' },
    },
    {
      kind: 'RoleBinding',
      metadata: { name: 'ns-sas', namespace: 'ns3' },
      subjects: [{ kind: 'Group', name: 'system:serviceaccounts:ns1', apiGroup: G }],
      roleRef: { kind: 'ClusterRole', name: 'reader' },
    },
    {
      kind: 'RoleBinding',
      metadata: { name: 'other-sas', namespace: 'ns3' },
      subjects: [{ kind: 'Group', name: 'system:serviceaccounts:ns9', apiGroup: G }],
      roleRef: { kind: 'ClusterRole', name: 'writer' },
    },
  ]),
);

const brief = (rules: ReturnType<typeof rulesOf>) =>
  rules.map(
    (r) =>
      `${r.namespace || '*'} ${r.match.binding.name}#${r.match.ruleIndex} via ${r.via.kind}:${r.via.namespace ? `${r.via.namespace}/` : ''}${r.via.name}`,
  );

void describe('rulesOf', () => {
  void test('a ServiceAccount: its subject, the User spelled as its username, its groups and system:authenticated; cluster-wide first', () => {
    assert.deepEqual(brief(rulesOf(small, { kind: 'ServiceAccount', name: 'bot', namespace: 'ns1' })), [
      '* all-authenticated#0 via Group:system:authenticated',
      'ns1 sa-local#0 via ServiceAccount:ns1/bot',
      'ns1 sa-local#1 via ServiceAccount:ns1/bot',
      'ns2 sa-as-user#0 via User:system:serviceaccount:ns1:bot',
      'ns3 ns-sas#0 via Group:system:serviceaccounts:ns1',
    ]);
  });
  void test('a User gets system:authenticated; system:anonymous gets system:unauthenticated instead', () => {
    assert.deepEqual(brief(rulesOf(small, { kind: 'User', name: 'jane' })), ['* all-authenticated#0 via Group:system:authenticated']);
    assert.deepEqual(brief(rulesOf(small, { kind: 'User', name: 'system:anonymous' })), [
      '* anon#0 via Group:system:unauthenticated',
      '* anon#1 via Group:system:unauthenticated',
    ]);
  });
  void test('a Group: only bindings that name it', () => {
    assert.deepEqual(brief(rulesOf(small, { kind: 'Group', name: 'system:serviceaccounts:ns9' })), [
      'ns3 other-sas#0 via Group:system:serviceaccounts:ns9',
      'ns3 other-sas#1 via Group:system:serviceaccounts:ns9',
    ]);
  });
  void test('every effective rule of a ServiceAccount is usable by that ServiceAccount where it applies', () => {
    const user = {
      name: 'system:serviceaccount:ns1:bot',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:ns1', 'system:authenticated'],
    };
    for (const r of rulesOf(small, { kind: 'ServiceAccount', name: 'bot', namespace: 'ns1' })) {
      const request =
        r.rule.nonResourceURLs.length > 0
          ? { kind: 'nonResource' as const, verb: r.rule.verbs[0] ?? '', path: r.rule.nonResourceURLs[0] ?? '' }
          : res(r.rule.verbs[0] ?? '', r.rule.apiGroups[0] ?? '', r.rule.resources[0] ?? '', r.namespace || 'any');
      // A non-resource rule counts only through a ClusterRoleBinding: sa-local#1 is held but never usable.
      const usable = r.rule.nonResourceURLs.length === 0 || r.namespace === '';
      assert.equal(canI(small, user, request).allowed, usable, JSON.stringify(r.match));
    }
  });
});

void describe('accessMatrix', () => {
  const index = buildAuthzIndex(
    applyAggregation(mergeObjects(fixtureObjects(BOOTSTRAP_FILES), userRoleBindings('team', { alice: 'view', bob: 'edit' }))),
  );
  const discovery: ApiResource[] = [
    {
      group: '',
      version: 'v1',
      name: 'pods',
      kind: 'Pod',
      namespaced: true,
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    },
    { group: '', version: 'v1', name: 'pods/log', kind: 'Pod', namespaced: true, verbs: ['get'] },
    {
      group: '',
      version: 'v1',
      name: 'secrets',
      kind: 'Secret',
      namespaced: true,
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    },
    { group: '', version: 'v1', name: 'nodes', kind: 'Node', namespaced: false, verbs: ['get', 'list', 'watch'] },
    { group: 'apps', version: 'v1', name: 'deployments', kind: 'Deployment', namespaced: true, verbs: [] },
  ];
  void test('view in team: reads pods and their logs, not secrets; unsupported verbs omitted; no discovery verbs means all', () => {
    const rows = accessMatrix(index, authenticated('alice'), 'team', discovery);
    assert.deepEqual(
      rows.map((r) => r.resource),
      ['deployments', 'pods', 'pods/log', 'secrets'],
    );
    const byName = new Map(rows.map((r) => [r.resource, r.verbs]));
    assert.deepEqual(byName.get('pods/log'), { get: true });
    assert.deepEqual(byName.get('pods'), {
      get: true,
      list: true,
      watch: true,
      create: false,
      update: false,
      patch: false,
      delete: false,
      deletecollection: false,
    });
    assert.equal(byName.get('secrets')?.get, false);
    assert.equal(Object.keys(byName.get('deployments') ?? {}).length, 8);
  });
  void test('cluster scope uses cluster-scoped resources; each cell equals canI', () => {
    const bob = authenticated('bob');
    const rows = accessMatrix(index, bob, '', discovery, ['get', 'list']);
    assert.deepEqual(rows, [{ resource: 'nodes', group: '', namespaced: false, verbs: { get: false, list: false } }]);
    for (const row of accessMatrix(index, bob, 'team', discovery)) {
      const [resource = '', subresource = ''] = row.resource.split('/');
      for (const [verb, allowed] of Object.entries(row.verbs)) {
        assert.equal(canI(index, bob, res(verb, row.group, resource, 'team', '', subresource)).allowed, allowed, `${verb} ${row.resource}`);
      }
    }
  });
  void test('without discovery the resources come from the rules (no wildcards)', () => {
    const rows = accessMatrix(index, authenticated('bob'), 'team', []);
    assert.ok(rows.some((r) => r.resource === 'deployments' && r.group === 'apps' && r.verbs.create === true));
    assert.ok(rows.every((r) => r.resource !== '*' && r.group !== '*' && !r.resource.startsWith('*/')));
  });
});
