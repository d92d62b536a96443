// Noise control: what is marked built-in, and what a look-alike must not borrow from it.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { toClusterObjects } from '../kube/to-cluster-objects';
import type { PolicyRule } from '../kube/types';
import { applyAggregation } from '../rbac/aggregation';
import { buildAuthzIndex } from '../rbac/authz-index';
import { BOOTSTRAP_FILES, fixtureObjects } from '../rbac/testdata/fixtures';
import type { JsonObject } from '../snapshot/types';
import { defaultSubjectsOf, isBootstrapRole } from './bootstrap-policy';
import { evaluateClusterFindings } from './evaluate';
import { DEFAULT_DISCOVERY_ROLES } from './public-access';
import type { Finding } from './types';

const bootstrap = fixtureObjects(BOOTSTRAP_FILES);

describe('bootstrap policy table', () => {
  test('every bootstrap binding of the fixture is a default binding, with exactly its subjects as the defaults', () => {
    for (const b of [...bootstrap.clusterRoleBindings, ...bootstrap.roleBindings]) {
      const ref = b.kind === 'RoleBinding' ? { kind: b.kind, name: b.name, namespace: b.namespace } : { kind: b.kind, name: b.name };
      const defaults = defaultSubjectsOf(ref, { kind: b.roleRef.kind, name: b.roleRef.name });
      const subjects = b.subjects.map((s) =>
        s.namespace === '' ? { kind: s.kind, name: s.name } : { kind: s.kind, name: s.name, namespace: s.namespace },
      );
      assert.deepEqual(defaults, subjects, `${b.kind} ${b.name}`);
    }
  });

  test('every bootstrap role of the fixtures is a bootstrap role (label and name), feature-gated ones included', () => {
    const more = fixtureObjects([
      { path: 'k8s-bootstrap/cluster-roles-featuregates.yaml' },
      { path: 'k8s-bootstrap/controller-roles-featuregates.yaml' },
    ]);
    for (const r of [...bootstrap.clusterRoles, ...bootstrap.roles, ...more.clusterRoles])
      assert.ok(isBootstrapRole(r.name, r.labels), r.name);
  });

  test('a binding that looks like a controller binding but points elsewhere is not a default', () => {
    assert.equal(
      defaultSubjectsOf({ kind: 'ClusterRoleBinding', name: 'system:controller:x' }, { kind: 'ClusterRole', name: 'cluster-admin' }),
      undefined,
    );
    assert.equal(
      defaultSubjectsOf({ kind: 'ClusterRoleBinding', name: 'cluster-admin' }, { kind: 'ClusterRole', name: 'edit' }),
      undefined,
    );
    assert.equal(
      defaultSubjectsOf(
        { kind: 'RoleBinding', name: 'system:controller:x', namespace: 'team' },
        { kind: 'Role', name: 'system:controller:x' },
      ),
      undefined,
    );
  });

  test('a system: role without the bootstrapping label is not a bootstrap role', () => {
    assert.equal(isBootstrapRole('system:my-role', {}), false);
    assert.equal(isBootstrapRole('my-role', { 'kubernetes.io/bootstrapping': 'rbac-defaults' }), false);
  });

  test("the default discovery roles are the fixture's", () => {
    const rules = (name: string): PolicyRule[] => bootstrap.clusterRoles.find((r) => r.name === name)?.rules ?? [];
    for (const [name, expected] of Object.entries(DEFAULT_DISCOVERY_ROLES)) assert.deepEqual(rules(name), expected, name);
  });
});

function findingsOf(yaml: string, rules?: string[], missingKinds: string[] = ['Pod']): Finding[] {
  const docs = parse(yaml) as JsonObject[];
  const objects = applyAggregation(toClusterObjects(docs));
  const merged = { ...bootstrap, ...objects };
  for (const key of Object.keys(objects) as (keyof typeof objects)[])
    (merged[key] as unknown[]) = [...(bootstrap[key] as unknown[]), ...(objects[key] as unknown[])];
  return evaluateClusterFindings({ source: 't', index: buildAuthzIndex(applyAggregation(merged)), missingKinds, ...(rules && { rules }) })
    .findings;
}

const reasonOf = (findings: Finding[], rule: string, subjectOrObject: string) =>
  findings.find(
    (f) =>
      f.rule === rule &&
      [f.subject, f.object].some((p) => p && `${p.kind} ${p.namespace ? `${p.namespace}/` : ''}${p.name}` === subjectOrObject),
  )?.builtIn;

describe('marking findings', () => {
  test('a user added to the bootstrap cluster-admin binding is not built-in; system:masters still is', () => {
    const findings = findingsOf(
      `- { apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRoleBinding, metadata: { name: cluster-admin }, roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }, subjects: [{ kind: Group, name: 'system:masters' }, { kind: User, name: mallory }] }`,
      ['k8s.cluster-admin-equivalent'],
    );
    // The fixture's own binding and this one share a name: the later one wins, as an apply would leave it.
    assert.equal(reasonOf(findings, 'k8s.cluster-admin-equivalent', 'User mallory'), null);
    assert.match(reasonOf(findings, 'k8s.cluster-admin-equivalent', 'Group system:masters')?.reason ?? '', /bootstrap policy/);
  });

  test('cluster-admin bound to a controller ServiceAccount by a binding of our own is not built-in', () => {
    const findings = findingsOf(
      `- { apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRoleBinding, metadata: { name: gc-admin }, roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }, subjects: [{ kind: ServiceAccount, name: generic-garbage-collector, namespace: kube-system }] }`,
      ['k8s.cluster-admin-equivalent', 'k8s.secrets-read'],
    );
    assert.equal(reasonOf(findings, 'k8s.cluster-admin-equivalent', 'ServiceAccount kube-system/generic-garbage-collector'), null);
    // Its secrets-read finding now has a path through gc-admin too, so it is not all-bootstrap either.
    assert.equal(reasonOf(findings, 'k8s.secrets-read', 'ServiceAccount kube-system/generic-garbage-collector'), null);
  });

  test('ACK components are marked; a user bound to an ACK role is not', () => {
    const findings = findingsOf(`
- { apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, metadata: { name: 'cs:admin' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] }
- { apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRoleBinding, metadata: { name: '2781-clusterrolebinding' }, roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: 'cs:admin' }, subjects: [{ kind: User, name: '2781' }] }
- { apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, metadata: { name: terway-pod-reader }, rules: [{ apiGroups: [crd.projectcalico.org], resources: ['*'], verbs: ['*'] }, { apiGroups: [''], resources: [secrets], verbs: [list] }] }
- { apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRoleBinding, metadata: { name: terway-binding }, roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: terway-pod-reader }, subjects: [{ kind: ServiceAccount, name: terway, namespace: kube-system }, { kind: ServiceAccount, name: terway, namespace: team }] }
`);
    assert.match(reasonOf(findings, 'k8s.wildcard-rule', 'ClusterRole cs:admin')?.reason ?? '', /^ACK component/);
    assert.match(reasonOf(findings, 'k8s.wildcard-rule', 'ClusterRole terway-pod-reader')?.reason ?? '', /^ACK component/);
    assert.equal(reasonOf(findings, 'k8s.cluster-admin-equivalent', 'User 2781'), null);
    assert.match(reasonOf(findings, 'k8s.secrets-read', 'ServiceAccount kube-system/terway')?.reason ?? '', /^ACK component/);
    assert.equal(reasonOf(findings, 'k8s.secrets-read', 'ServiceAccount team/terway'), null);
  });

  test('controller ServiceAccounts are marked in hygiene findings, other kube-system ones are not', () => {
    const findings = findingsOf(
      `
- { apiVersion: v1, kind: ServiceAccount, metadata: { name: job-controller, namespace: kube-system } }
- { apiVersion: v1, kind: ServiceAccount, metadata: { name: coredns, namespace: kube-system } }
- { apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRoleBinding, metadata: { name: coredns }, roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: 'system:kube-dns' }, subjects: [{ kind: ServiceAccount, name: coredns, namespace: kube-system }] }
- { apiVersion: v1, kind: Pod, metadata: { name: kcm, namespace: kube-system }, spec: { serviceAccountName: job-controller, containers: [{ name: c, image: i }] } }
- { apiVersion: v1, kind: Pod, metadata: { name: coredns-1, namespace: kube-system }, spec: { serviceAccountName: coredns, containers: [{ name: c, image: i }] } }
`,
      ['k8s.automount-token', 'k8s.missing-service-account'],
      [],
    );
    assert.match(
      reasonOf(findings, 'k8s.automount-token', 'ServiceAccount kube-system/job-controller')?.reason ?? '',
      /^control-plane controller/,
    );
    assert.equal(reasonOf(findings, 'k8s.automount-token', 'ServiceAccount kube-system/coredns'), null);
    // The bootstrap bindings name about 40 controller ServiceAccounts this snapshot lacks: each finding is built-in.
    const missing = findings.filter((f) => f.rule === 'k8s.missing-service-account');
    assert.ok(missing.length > 30 && missing.every((f) => f.builtIn !== null));
  });
});
