import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureDocs } from './rbac/testdata/fixtures';
import { headlineSeries, headlinesOf } from './headlines';
import { adminProbes, buildCloudAccount, cloudCanI } from './ram/account';
import type { JsonObject, SnapshotKind, StoredObject } from './snapshot/types';

const repoRoot = join(import.meta.dirname, '..', '..');

function stored(body: JsonObject, kind = body.kind as SnapshotKind, namespace = '', name = ''): StoredObject {
  const meta = (body.metadata ?? {}) as { name?: string; namespace?: string };
  return { kind, namespace: meta.namespace ?? namespace, name: meta.name ?? name, body, hash: '' };
}

describe('cluster headlines on the upstream bootstrap policy', () => {
  const objects = [...fixtureDocs('k8s-bootstrap/cluster-roles.yaml'), ...fixtureDocs('k8s-bootstrap/cluster-role-bindings.yaml')].map(
    (b) => stored(b),
  );
  const extra = [
    // A RoleBinding to cluster-admin is namespace-wide: not cluster-wide `*`.
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'ops-admin', namespace: 'ops' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'User', name: 'olga', apiGroup: 'rbac.authorization.k8s.io' }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'ghost' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'does-not-exist' },
      subjects: [{ kind: 'Group', name: 'system:unauthenticated', apiGroup: 'rbac.authorization.k8s.io' }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'root-sa' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' }],
    },
  ].map((b) => stored(b as unknown as JsonObject));
  const h = headlinesOf([...objects, ...extra]);

  test('cluster-wide * is cluster-admin through ClusterRoleBindings only', () => {
    assert.equal(h.kind, 'cluster');
    if (h.kind !== 'cluster') return;
    assert.deepEqual(
      h.clusterWideStar.map((s) => [s.subject, s.bindings.map((b) => b.name)]),
      [
        [{ kind: 'Group', name: 'system:masters' }, ['cluster-admin']],
        [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' }, ['root-sa']],
      ],
    );
  });

  test('bindings to system:authenticated / system:unauthenticated, resolved ones', () => {
    if (h.kind !== 'cluster') return;
    const byName = Object.fromEntries(h.publicBindings.map((p) => [p.binding.name, p.groups]));
    assert.deepEqual(byName['system:public-info-viewer'], ['system:authenticated', 'system:unauthenticated']);
    assert.deepEqual(byName['system:discovery'], ['system:authenticated']);
    assert.deepEqual(byName['system:basic-user'], ['system:authenticated']);
    assert.equal(byName.ghost, undefined);
    assert.deepEqual(
      h.unresolvedBindings.map((u) => u.binding.name),
      ['ghost'],
    );
  });

  test('counts and series', () => {
    if (h.kind !== 'cluster') return;
    const bindingDocs = fixtureDocs('k8s-bootstrap/cluster-role-bindings.yaml').length + 3;
    assert.equal(h.bindings, bindingDocs);
    assert.ok(h.subjects > 5);
    assert.deepEqual(
      headlineSeries(h).map((s) => [s.key, s.value]),
      [
        ['subjects', h.subjects],
        ['bindings', bindingDocs],
        ['clusterWideStar', 2],
        ['publicBindings', h.publicBindings.length],
        ['unresolvedBindings', 1],
      ],
    );
  });
});

describe('cloud headlines: admin as the engine decides it (lib/core/ram/account/admin.ts)', () => {
  const doc = (file: string) => JSON.parse(readFileSync(join(repoRoot, 'fixtures', 'real-world-ram', file), 'utf8')) as JsonObject;
  const policy = (type: string, name: string, document: JsonObject) =>
    stored({ policyType: type, defaultVersion: 'v1', document }, 'CloudPolicy', type, name);
  const account = { kind: 'account' };
  const attach = (policyType: string, policyName: string, scope: JsonObject = account) => ({ policyType, policyName, scope });
  const user = (name: string, body: JsonObject) =>
    stored(
      {
        userId: name,
        arn: `acs:ram::1:user/${name}`,
        groups: [],
        attachedPolicies: [],
        accessKeys: [],
        loginProfile: null,
        mfaEnabled: false,
        ...body,
      },
      'CloudUser',
      '',
      name,
    );
  const conditioned = {
    Version: '1',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { IpAddress: { 'acs:SourceIp': '10.0.0.0/8' } } }],
  };
  const objects: StoredObject[] = [
    stored({ provider: 'alibaba', accountId: '1' }, 'CloudAccount', '', '1'),
    policy('System', 'AdministratorAccess', { Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
    policy('Custom', 'admin-except-billing', doc('admin-except-billing.json')),
    policy('Custom', 'admin-from-office', conditioned),
    policy('Custom', 'oss-bucket-full', doc('oss-bucket-full.json')),
    stored({ attachedPolicies: [attach('System', 'AdministratorAccess')] }, 'CloudGroup', '', 'admins'),
    user('alice', { attachedPolicies: [attach('Custom', 'admin-except-billing')] }),
    user('bob', { groups: ['admins'] }),
    user('carol', { attachedPolicies: [attach('Custom', 'admin-from-office'), attach('Custom', 'oss-bucket-full')] }),
    user('dave', { attachedPolicies: [attach('System', 'AdministratorAccess', { kind: 'resource-group', resourceGroupId: 'rg-1' })] }),
    stored(
      { roleId: 'r1', arn: 'acs:ram::1:role/ops', trustPolicy: {}, attachedPolicies: [attach('System', 'AdministratorAccess')] },
      'CloudRole',
      '',
      'ops',
    ),
  ];
  const h = headlinesOf(objects);

  test('admins are named with the policy that makes them so', () => {
    assert.equal(h.kind, 'cloud-account');
    if (h.kind !== 'cloud-account') return;
    // The grants carry the statement the engine matched (0-based); Deny bss:*/efc:* touches no probe.
    assert.deepEqual(h.admins, [
      { kind: 'CloudUser', name: 'alice', grants: [{ policyType: 'Custom', policyName: 'admin-except-billing', statements: [0] }] },
      {
        kind: 'CloudUser',
        name: 'bob',
        grants: [{ policyType: 'System', policyName: 'AdministratorAccess', viaGroup: 'admins', statements: [0] }],
      },
      { kind: 'CloudRole', name: 'ops', grants: [{ policyType: 'System', policyName: 'AdministratorAccess', statements: [0] }] },
    ]);
    assert.deepEqual(
      headlineSeries(h).map((s) => [s.key, s.value]),
      [
        ['principals', 5],
        ['policies', 4],
        ['admins', 3],
        ['conditionalAdmins', 1],
      ],
    );
  });

  test('Allow *:* under a condition is admin only under it, reported apart; resource-group scope is not admin', () => {
    if (h.kind !== 'cloud-account') return;
    assert.deepEqual(h.conditionalAdmins, [
      {
        kind: 'CloudUser',
        name: 'carol',
        grants: [{ policyType: 'Custom', policyName: 'admin-from-office', statements: [0] }],
        conditions: [
          { policy: 'admin-from-office', index: 0, effect: 'Allow', condition: { IpAddress: { 'acs:SourceIp': ['10.0.0.0/8'] } } },
        ],
      },
    ]);
    assert.ok(!h.admins.some((a) => a.name === 'dave'));
    assert.ok(!h.conditionalAdmins.some((a) => a.name === 'dave'));
  });
});

describe('cloud headlines agree with can-i', () => {
  const allowAll = { Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  const denyAll = { Version: '1', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] };
  const allButRam = { Version: '1', Statement: [{ Effect: 'Allow', NotAction: 'ram:*', Resource: '*' }] };
  const attach = (policyType: string, policyName: string) => ({ policyType, policyName, scope: { kind: 'account' } });
  const user = (name: string, attachedPolicies: JsonObject[]) =>
    stored(
      { userId: name, arn: `acs:ram::1:user/${name}`, groups: [], attachedPolicies, accessKeys: [], loginProfile: null, mfaEnabled: false },
      'CloudUser',
      '',
      name,
    );
  const objects: StoredObject[] = [
    stored({ provider: 'alibaba', accountId: '1' }, 'CloudAccount', '', '1'),
    stored({ policyType: 'System', defaultVersion: 'v1', document: allowAll }, 'CloudPolicy', 'System', 'AdministratorAccess'),
    stored({ policyType: 'Custom', defaultVersion: 'v1', document: denyAll }, 'CloudPolicy', 'Custom', 'deny-all'),
    stored({ policyType: 'Custom', defaultVersion: 'v1', document: allButRam }, 'CloudPolicy', 'Custom', 'all-but-ram'),
    user('admin', [attach('System', 'AdministratorAccess')]),
    user('denied', [attach('System', 'AdministratorAccess'), attach('Custom', 'deny-all')]),
    user('power', [attach('Custom', 'all-but-ram')]),
  ];
  const h = headlinesOf(objects);
  const account = buildCloudAccount(objects);
  const canI = (name: string, action: string, resource: string) => {
    const result = cloudCanI(account, { kind: 'user', name }, { action, resource });
    assert.ok(result.ok);
    return result.answer.decision;
  };

  test('allow-all plus deny-all is not admin, as can-i answers ExplicitDeny; AdministratorAccess alone is', () => {
    if (h.kind !== 'cloud-account') return assert.fail('not cloud headlines');
    assert.deepEqual(
      h.admins.map((a) => a.name),
      ['admin'],
    );
    assert.deepEqual(h.conditionalAdmins, []);
    assert.equal(canI('denied', '*', '*'), 'ExplicitDeny');
    for (const probe of adminProbes(account)) {
      assert.equal(canI('denied', probe.action, probe.resource), 'ExplicitDeny', `${probe.action} on ${probe.resource}`);
      assert.equal(canI('admin', probe.action, probe.resource), 'Allow', `${probe.action} on ${probe.resource}`);
    }
  });

  test('NotAction ram:* (everything but RAM) is not admin: can-i refuses ram:AttachPolicyToUser', () => {
    if (h.kind !== 'cloud-account') return assert.fail('not cloud headlines');
    assert.ok(!h.admins.some((a) => a.name === 'power'));
    assert.equal(canI('power', 'ecs:DeleteInstance', '*'), 'Allow');
    assert.equal(canI('power', 'ram:AttachPolicyToUser', '*'), 'ImplicitDeny');
  });
});
