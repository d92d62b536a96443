// Subject, binding and role inventories: counts, flags and role resolution on a small
// snapshot, and the cluster-admin flag agreeing with the headline count on the bootstrap roles.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { toClusterObjects } from '../kube/to-cluster-objects';
import { buildAuthzIndex } from '../rbac/authz-index';
import { fixtureObjects, BOOTSTRAP_FILES } from '../rbac/testdata/fixtures';
import { clusterHeadlines } from '../headlines';
import { bindingInventory } from './binding-inventory';
import { roleInventory } from './role-inventory';
import { subjectInventory } from './subject-inventory';

const G = 'rbac.authorization.k8s.io';
const index = buildAuthzIndex(
  toClusterObjects([
    { kind: 'ServiceAccount', metadata: { name: 'idle', namespace: 'ns1' } },
    { kind: 'ClusterRole', metadata: { name: 'star' }, rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }] },
    { kind: 'ClusterRole', metadata: { name: 'secrets-reader' }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }] },
    { kind: 'Role', metadata: { name: 'binder', namespace: 'ns1' }, rules: [{ verbs: ['bind'], apiGroups: [G], resources: ['roles'] }] },
    {
      kind: 'ClusterRoleBinding',
      metadata: { name: 'admins' },
      subjects: [{ kind: 'User', name: 'root', apiGroup: G }],
      roleRef: { kind: 'ClusterRole', name: 'star' },
    },
    // A RoleBinding to the star role is namespace-wide only: not cluster-admin-like, but it reads secrets there.
    {
      kind: 'RoleBinding',
      metadata: { name: 'local-star', namespace: 'ns1' },
      subjects: [{ kind: 'User', name: 'local', apiGroup: G }],
      roleRef: { kind: 'ClusterRole', name: 'star' },
    },
    {
      kind: 'RoleBinding',
      metadata: { name: 'bot', namespace: 'ns1' },
      subjects: [
        { kind: 'ServiceAccount', name: 'bot' },
        { kind: 'ServiceAccount', name: 'bot' },
      ],
      roleRef: { kind: 'Role', name: 'binder' },
    },
    {
      kind: 'ClusterRoleBinding',
      metadata: { name: 'everyone' },
      subjects: [{ kind: 'Group', name: 'system:authenticated', apiGroup: G }],
      roleRef: { kind: 'ClusterRole', name: 'secrets-reader' },
    },
    {
      kind: 'ClusterRoleBinding',
      metadata: { name: 'dangling' },
      subjects: [{ kind: 'User', name: 'root', apiGroup: G }],
      roleRef: { kind: 'ClusterRole', name: 'gone' },
    },
  ]),
);

describe('subjectInventory', () => {
  const subjects = subjectInventory(index);
  const find = (kind: string, name: string, namespace?: string) =>
    subjects.find((s) => s.kind === kind && s.name === name && s.namespace === namespace);

  test('lists every bound subject and every ServiceAccount object, in subject order', () => {
    assert.deepEqual(
      subjects.map((s) => `${s.kind}:${s.namespace ?? ''}:${s.name}`),
      ['Group::system:authenticated', 'ServiceAccount:ns1:bot', 'ServiceAccount:ns1:idle', 'User::local', 'User::root'],
    );
  });

  test('counts bindings naming a subject, including bindings to missing roles, once per binding', () => {
    assert.equal(find('User', 'root')?.bindings, 2);
    assert.equal(find('ServiceAccount', 'bot', 'ns1')?.bindings, 1);
    assert.equal(find('ServiceAccount', 'idle', 'ns1')?.bindings, 0);
    assert.equal(find('ServiceAccount', 'bot', 'ns1')?.exists, false);
    assert.equal(find('ServiceAccount', 'idle', 'ns1')?.exists, true);
  });

  test('flags come from who-can answers: cluster-wide star only through a ClusterRoleBinding', () => {
    assert.deepEqual(find('User', 'root')?.flags, ['cluster-admin', 'secrets', 'escalate']);
    assert.deepEqual(find('User', 'local')?.flags, ['secrets', 'escalate']);
    assert.deepEqual(find('ServiceAccount', 'bot', 'ns1')?.flags, ['escalate']);
    assert.deepEqual(find('Group', 'system:authenticated')?.flags, ['secrets']);
    assert.deepEqual(find('ServiceAccount', 'idle', 'ns1')?.flags, []);
  });
});

describe('bindingInventory and roleInventory', () => {
  test('marks missing roles and bindings open to everyone', () => {
    const bindings = bindingInventory(index);
    assert.equal(bindings.find((b) => b.name === 'dangling')?.role, 'missing-role');
    assert.equal(bindings.find((b) => b.name === 'everyone')?.isPublic, true);
    assert.equal(bindings.filter((b) => b.isPublic).length, 1);
    assert.equal(bindings.filter((b) => b.role !== 'resolved').length, index.unresolvedBindings.length);
  });

  test('counts resolved bindings per role and wildcards', () => {
    const roles = roleInventory(index);
    const star = roles.find((r) => r.kind === 'ClusterRole' && r.name === 'star');
    assert.deepEqual({ bindings: star?.bindings, hasWildcard: star?.hasWildcard }, { bindings: 2, hasWildcard: true });
    assert.equal(roles.find((r) => r.kind === 'Role' && r.name === 'binder')?.bindings, 1);
  });

  test('the cluster-admin flag agrees with the headline count on the bootstrap roles', () => {
    const bootstrap = buildAuthzIndex(fixtureObjects(BOOTSTRAP_FILES));
    const flagged = subjectInventory(bootstrap).filter((s) => s.flags.includes('cluster-admin'));
    assert.ok(flagged.some((s) => s.kind === 'Group' && s.name === 'system:masters'));
    assert.equal(flagged.length, clusterHeadlines(bootstrap).clusterWideStar.length);
  });
});
