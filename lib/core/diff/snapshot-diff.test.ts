// The snapshot diff on hand-made pairs of snapshots: every object change kind, the permission
// changes they cause and their attribution, partial snapshots, wildcards and cloud objects.
// Permission changes come highest impact first (impact.ts): reading secrets before deleting them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, sha256Hex } from '../kube/canonical-json';
import { normalizeObject } from '../kube/normalize';
import type { JsonObject, MissingKind, SnapshotKind, StoredObject } from '../snapshot/types';
import { impactOf } from './impact';
import { diffSnapshots, hasChanges } from './snapshot-diff';
import type { DiffResult, DiffSide } from './types';

const G = 'rbac.authorization.k8s.io';
const R = `${G}/v1`;

function k8s(raw: JsonObject): StoredObject {
  const o = normalizeObject(raw);
  if (!o) throw new Error('not kept');
  return o;
}

function cloud(kind: SnapshotKind, namespace: string, name: string, body: JsonObject): StoredObject {
  return { kind, namespace, name, body, hash: sha256Hex(canonicalJson(body)) };
}

const user = (name: string) => ({ kind: 'User', name, apiGroup: G });
const clusterRole = (name: string, rules: JsonObject[], extra: JsonObject = {}) =>
  k8s({ apiVersion: R, kind: 'ClusterRole', metadata: { name }, rules, ...extra });
const role = (ns: string, name: string, rules: JsonObject[]) =>
  k8s({ apiVersion: R, kind: 'Role', metadata: { name, namespace: ns }, rules });
const roleBinding = (ns: string, name: string, roleRef: { kind: string; name: string }, subjects: JsonObject[]) =>
  k8s({ apiVersion: R, kind: 'RoleBinding', metadata: { name, namespace: ns }, roleRef: { ...roleRef, apiGroup: G }, subjects });
const crb = (name: string, roleName: string, subjects: JsonObject[]) =>
  k8s({
    apiVersion: R,
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { kind: 'ClusterRole', name: roleName, apiGroup: G },
    subjects,
  });
const pod = (ns: string, name: string) =>
  k8s({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns }, spec: { serviceAccountName: 'default' } });

const OPS = clusterRole('ops', [{ verbs: ['get', 'delete'], apiGroups: [''], resources: ['secrets'] }]);
const VIEW = clusterRole('viewer', [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }]);

function side(label: string, objects: StoredObject[], missingKinds: MissingKind[] = []): DiffSide {
  return { label, objects, missingKinds };
}

function diff(before: StoredObject[], after: StoredObject[]): DiffResult {
  return diffSnapshots(side('snapshot 1', before), side('snapshot 2', after));
}

const lines = (changes: DiffResult['permissions']['gained']) =>
  changes.map((c) => `${c.subject.kind} ${c.subject.name}: ${c.grant.text} <- ${c.causes.map((x) => x.text).join(' | ')}`);

describe('object diff', () => {
  test('unchanged snapshots have no changes', () => {
    const d = diff([OPS, VIEW], [VIEW, OPS]);
    assert.deepEqual(d.objects, { added: [], removed: [], changed: [] });
    assert.equal(hasChanges(d), false);
  });

  test('rule added to a role and rule removed', () => {
    const before = role('prod', 'r', [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }]);
    const after = role('prod', 'r', [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }]);
    const d = diff([before], [after]);
    assert.deepEqual(
      d.objects.changed.map((c) => [c.kind, c.namespace, c.name, c.changes.map((x) => x.text)]),
      [['Role', 'prod', 'r', ['rule removed: get pods (core)', 'rule added: get secrets (core)']]],
    );
  });

  test('subject added to and removed from a binding, roleRef replaced, objects added and removed', () => {
    const b1 = roleBinding('prod', 'ops', { kind: 'ClusterRole', name: 'viewer' }, [user('bob')]);
    const b2 = roleBinding('prod', 'ops', { kind: 'ClusterRole', name: 'ops' }, [user('alice')]);
    const d = diff([b1, pod('prod', 'old')], [b2, pod('prod', 'new')]);
    assert.deepEqual(
      d.objects.changed[0]?.changes.map((c) => c.type),
      ['role-ref-replaced', 'subject-removed', 'subject-added'],
    );
    assert.equal(d.objects.changed[0]?.changes[0]?.text, 'roleRef replaced: ClusterRole viewer → ClusterRole ops');
    assert.deepEqual(d.objects.added, [{ kind: 'Pod', name: 'new', namespace: 'prod' }]);
    assert.deepEqual(d.objects.removed, [{ kind: 'Pod', name: 'old', namespace: 'prod' }]);
  });

  test('aggregation changed', () => {
    const sel = (label: string) => ({ aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [label]: 'true' } }] } });
    const d = diff([clusterRole('agg', [], sel('a'))], [clusterRole('agg', [], sel('b'))]);
    assert.deepEqual(
      d.objects.changed[0]?.changes.map((c) => c.text),
      ['aggregationRule selectors changed'],
    );
  });

  test('labels of a namespace changed', () => {
    const ns = (labels: JsonObject) => k8s({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod', labels } });
    const d = diff([ns({ tier: 'gold' })], [ns({ tier: 'silver', team: 'x' })]);
    assert.deepEqual(
      d.objects.changed[0]?.changes.map((c) => c.text),
      ['labels changed: +team=x, tier: gold → silver'],
    );
  });

  test('a kind missing from a partial snapshot is left out with a notice, never shown as removed', () => {
    const d = diffSnapshots(
      side('snapshot 1', [OPS, pod('prod', 'p')]),
      side('snapshot 2', [OPS], [{ kind: 'Pod', reason: '403 forbidden' }]),
    );
    assert.deepEqual(d.objects.removed, []);
    assert.match(d.notices.join('\n'), /Pod is missing from snapshot 2 \(403 forbidden\).*not shown as added or removed/);
  });

  test('a missing RBAC kind leaves the permission diff out with a notice', () => {
    const b = roleBinding('prod', 'ops', { kind: 'ClusterRole', name: 'ops' }, [user('alice')]);
    const d = diffSnapshots(side('snapshot 1', [OPS, b]), side('snapshot 2', [b], [{ kind: 'ClusterRole', reason: '403' }]));
    assert.deepEqual(d.objects.removed, []);
    assert.deepEqual(d.permissions, { gained: [], lost: [] });
    assert.match(d.notices.join('\n'), /permission changes are not computed: ClusterRole missing/);
  });
});

describe('permission diff', () => {
  test('alice gained delete secrets in prod because she was added to RoleBinding prod/ops', () => {
    const before = roleBinding('prod', 'ops', { kind: 'ClusterRole', name: 'ops' }, [user('bob')]);
    const after = roleBinding('prod', 'ops', { kind: 'ClusterRole', name: 'ops' }, [user('bob'), user('alice')]);
    const d = diff([OPS, before], [OPS, after]);
    assert.deepEqual(lines(d.permissions.gained), [
      'User alice: get secrets in prod <- subject User alice was added to RoleBinding prod/ops (ClusterRole ops)',
      'User alice: delete secrets in prod <- subject User alice was added to RoleBinding prod/ops (ClusterRole ops)',
    ]);
    assert.deepEqual(d.permissions.lost, []);
  });

  test('subject removed from a binding loses, unless another binding still grants it', () => {
    const b1 = (subjects: JsonObject[]) => roleBinding('prod', 'ops', { kind: 'ClusterRole', name: 'ops' }, subjects);
    const other = roleBinding('prod', 'readers', { kind: 'ClusterRole', name: 'viewer' }, [user('bob')]);
    const d = diff([OPS, VIEW, b1([user('bob'), user('carol')]), other], [OPS, VIEW, b1([user('carol')]), other]);
    assert.deepEqual(lines(d.permissions.lost), [
      'User bob: get secrets in prod <- subject User bob was removed from RoleBinding prod/ops (ClusterRole ops)',
      'User bob: delete secrets in prod <- subject User bob was removed from RoleBinding prod/ops (ClusterRole ops)',
    ]);
    const keep = diff(
      [OPS, b1([user('bob')]), roleBinding('prod', 'ops2', { kind: 'ClusterRole', name: 'ops' }, [user('bob')])],
      [OPS, b1([]), roleBinding('prod', 'ops2', { kind: 'ClusterRole', name: 'ops' }, [user('bob')])],
    );
    assert.deepEqual(keep.permissions.lost, [], 'still held through RoleBinding prod/ops2');
  });

  test('roleRef replaced: gains and losses both attributed to it', () => {
    const d = diff(
      [OPS, VIEW, roleBinding('prod', 'b', { kind: 'ClusterRole', name: 'viewer' }, [user('dan')])],
      [OPS, VIEW, roleBinding('prod', 'b', { kind: 'ClusterRole', name: 'ops' }, [user('dan')])],
    );
    assert.deepEqual(lines(d.permissions.lost), [
      'User dan: get pods in prod <- RoleBinding prod/b: roleRef replaced: ClusterRole viewer → ClusterRole ops',
    ]);
    assert.equal(d.permissions.gained.length, 2);
    assert.ok(
      d.permissions.gained.every((g) => g.causes[0]?.text === 'RoleBinding prod/b: roleRef replaced: ClusterRole viewer → ClusterRole ops'),
    );
  });

  test('rule added to a ClusterRole reaches every subject bound to it, in every scope', () => {
    const ci = (rules: JsonObject[]) => clusterRole('ci', rules);
    const deployer = { kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' };
    const bindings = [
      roleBinding('a', 'ci', { kind: 'ClusterRole', name: 'ci' }, [deployer]),
      roleBinding('b', 'ci', { kind: 'ClusterRole', name: 'ci' }, [deployer]),
    ];
    const base = { verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'] };
    const d = diff([ci([base]), ...bindings], [ci([base, { verbs: ['list'], apiGroups: [''], resources: ['secrets'] }]), ...bindings]);
    assert.deepEqual(lines(d.permissions.gained), [
      'ServiceAccount deployer: list secrets in a <- rule added to ClusterRole ci: list secrets (core)',
      'ServiceAccount deployer: list secrets in b <- rule added to ClusterRole ci: list secrets (core)',
    ]);
  });

  test('a User spelled system:serviceaccount:NS:NAME is that ServiceAccount', () => {
    const d = diff([OPS], [OPS, crb('x', 'ops', [user('system:serviceaccount:ci:deployer')])]);
    assert.deepEqual(
      d.permissions.gained.map((g) => [g.subject, g.grant.text]),
      [
        [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' }, 'get secrets cluster-wide'],
        [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' }, 'delete secrets cluster-wide'],
      ],
    );
  });

  test('wildcards stay wildcards: `*` on `*` is one grant, ranked first', () => {
    const admin = clusterRole('admin-ish', [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]);
    const d = diff(
      [admin, OPS, VIEW],
      [
        admin,
        OPS,
        VIEW,
        crb('op', 'admin-ish', [{ kind: 'ServiceAccount', name: 'op', namespace: 'ops' }]),
        crb('v', 'viewer', [user('eve')]),
      ],
    );
    assert.deepEqual(lines(d.permissions.gained), [
      'ServiceAccount op: * *.* cluster-wide <- ClusterRoleBinding op was added, binding ServiceAccount ops/op to ClusterRole admin-ish',
      'User eve: get pods cluster-wide <- ClusterRoleBinding v was added, binding User eve to ClusterRole viewer',
    ]);
    assert.ok(impactOf(d.permissions.gained[0]!.grant).rules.includes('full-wildcard'));
  });

  test('a role added under an existing binding to a missing role', () => {
    const b = roleBinding('prod', 'b', { kind: 'Role', name: 'late' }, [user('fay')]);
    const d = diff([b], [b, role('prod', 'late', [{ verbs: ['escalate'], apiGroups: [G], resources: ['roles'] }])]);
    assert.deepEqual(lines(d.permissions.gained), [
      'User fay: escalate roles.rbac.authorization.k8s.io in prod <- Role prod/late was added',
    ]);
  });

  test('non-resource URLs count only through ClusterRoleBindings', () => {
    const metrics = clusterRole('metrics', [{ verbs: ['get'], nonResourceURLs: ['/metrics'] }]);
    const d = diff(
      [metrics],
      [metrics, roleBinding('prod', 'm', { kind: 'ClusterRole', name: 'metrics' }, [user('g')]), crb('m', 'metrics', [user('h')])],
    );
    assert.deepEqual(
      d.permissions.gained.map((g) => `${g.subject.name} ${g.grant.text}`),
      ['h get /metrics (non-resource URL)'],
    );
  });
});

describe('cloud objects', () => {
  const policy = (version: string, action: string) =>
    cloud('CloudPolicy', 'Custom', 'deployer', {
      policyType: 'Custom',
      defaultVersion: version,
      document: { Version: '1', Statement: [{ Effect: 'Allow', Action: [action], Resource: ['*'] }] },
    });
  const roleBody = (service: string, policies: string[]) =>
    cloud('CloudRole', '', 'ci', {
      roleId: '3000',
      arn: 'acs:ram::1:role/ci',
      trustPolicy: { Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: [service] } }] },
      attachedPolicies: policies.map((p) => ({ policyType: 'Custom', policyName: p, scope: { kind: 'account' } })),
    });

  test('policy default version changed', () => {
    const d = diff([policy('v1', 'ecs:Describe*')], [policy('v2', 'ecs:*')]);
    assert.deepEqual(
      d.objects.changed[0]?.changes.map((c) => c.text),
      ['default version v1 → v2', 'policy document changed'],
    );
  });

  test('RAM permissions: the holder of a policy gains what its new default version allows', () => {
    const account = cloud('CloudAccount', '', '1', { provider: 'alibaba', accountId: '1' });
    const ann = cloud('CloudUser', '', 'ann', {
      userId: '1',
      arn: 'acs:ram::1:user/ann',
      groups: [],
      attachedPolicies: [{ policyType: 'Custom', policyName: 'deployer', scope: { kind: 'account' } }],
      accessKeys: [],
      loginProfile: null,
      mfaEnabled: false,
    });
    const d = diff([account, ann, policy('v1', 'ecs:Describe*')], [account, ann, policy('v2', 'ram:AttachPolicyToUser')]);
    assert.deepEqual(lines(d.permissions.gained), [
      'CloudUser ann: ram:AttachPolicyToUser on * <- CloudPolicy Custom/deployer: default version v1 → v2; policy document changed',
    ]);
    assert.deepEqual(lines(d.permissions.lost), [
      'CloudUser ann: ecs:Describe* on * <- CloudPolicy Custom/deployer: default version v1 → v2; policy document changed',
    ]);
    assert.ok(impactOf(d.permissions.gained[0]!.grant).rules.includes('ram-admin'));
  });

  test('attachment added and trust policy changed', () => {
    const d = diff([roleBody('ecs.aliyuncs.com', [])], [roleBody('fc.aliyuncs.com', ['deployer'])]);
    assert.deepEqual(
      d.objects.changed[0]?.changes.map((c) => c.text),
      ['trust policy changed (who may assume this role)', 'attachment added: Custom policy deployer'],
    );
  });

  test('group membership and access keys of a user', () => {
    const u = (groups: string[], status: string) =>
      cloud('CloudUser', '', 'ann', {
        userId: '1',
        arn: 'a',
        groups,
        attachedPolicies: [],
        accessKeys: [{ accessKeyId: 'LTAI1', status }],
        loginProfile: null,
        mfaEnabled: false,
      });
    const d = diff([u(['dev'], 'Active')], [u(['admins'], 'Inactive')]);
    assert.deepEqual(
      d.objects.changed[0]?.changes.map((c) => c.text),
      ['removed from group dev', 'added to group admins', 'access key LTAI1: Active → Inactive'],
    );
  });
});
