// ClusterRole aggregation as the clusterrole-aggregation controller computes it, on the real
// bootstrap roles and on small cases for each rule of syncClusterRole.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { toClusterObjects } from '../kube/to-cluster-objects';
import type { ClusterRole, PolicyRule } from '../kube/types';
import { aggregationDisagreements, applyAggregation, computeAggregatedRules, ruleKey } from './aggregation';
import { BOOTSTRAP_FILES, fixtureObjects } from './testdata/fixtures';

const bootstrap = fixtureObjects(BOOTSTRAP_FILES);
const rulesOf = (name: string): PolicyRule[] => bootstrap.clusterRoles.find((r) => r.name === name)?.rules ?? [];
const keys = (rules: PolicyRule[] | undefined) => new Set((rules ?? []).map(ruleKey));

function role(name: string, labels: Record<string, string>, rules: PolicyRule[], selectors?: Record<string, string>[]): ClusterRole {
  const r: ClusterRole = { kind: 'ClusterRole', name, labels, rules };
  if (selectors) r.aggregationRule = { clusterRoleSelectors: selectors.map((m) => ({ matchLabels: m, matchExpressions: [] })) };
  return r;
}
const rule = (verb: string, resource: string): PolicyRule => ({
  verbs: [verb],
  apiGroups: [''],
  resources: [resource],
  resourceNames: [],
  nonResourceURLs: [],
});

void describe('bootstrap admin ⊇ edit ⊇ view', () => {
  const computed = computeAggregatedRules(bootstrap.clusterRoles);

  void test('view is exactly system:aggregate-to-view (the only role labelled aggregate-to-view)', () => {
    assert.deepEqual(computed.get('view'), rulesOf('system:aggregate-to-view'));
  });
  void test('edit is system:aggregate-to-edit then view (labelled aggregate-to-edit, converged): roles in name order', () => {
    assert.deepEqual(computed.get('edit'), [...rulesOf('system:aggregate-to-edit'), ...rulesOf('system:aggregate-to-view')]);
  });
  void test('admin is edit then system:aggregate-to-admin ("edit" sorts first), so admin ⊇ edit ⊇ view', () => {
    assert.deepEqual(computed.get('admin'), [...(computed.get('edit') ?? []), ...rulesOf('system:aggregate-to-admin')]);
    const edit = keys(computed.get('edit'));
    for (const k of keys(computed.get('view'))) assert.ok(edit.has(k), `edit lacks ${k}`);
  });
  void test('the shipped roles disagree with the controller (rules: null); after applyAggregation they agree', () => {
    const before = aggregationDisagreements(bootstrap);
    assert.deepEqual(
      before.map((d) => d.role),
      ['admin', 'edit', 'view'],
    );
    assert.ok(before.every((d) => d.extraInStored.length === 0 && d.missingFromStored.length > 0));
    assert.deepEqual(aggregationDisagreements(applyAggregation(bootstrap)), []);
  });
  void test('applyAggregation leaves the input untouched', () => {
    applyAggregation(bootstrap);
    assert.deepEqual(rulesOf('admin'), []);
  });
});

void describe('syncClusterRole rules', () => {
  void test('hand-written rules of an aggregated role are replaced, not kept', () => {
    const got = computeAggregatedRules([
      role('agg', {}, [rule('get', 'secrets')], [{ a: '1' }]),
      role('src', { a: '1' }, [rule('get', 'pods')]),
    ]);
    assert.deepEqual(got.get('agg'), [rule('get', 'pods')]);
  });
  void test('a role matching its own selector is skipped', () => {
    const got = computeAggregatedRules([role('self', { a: '1' }, [rule('get', 'secrets')], [{ a: '1' }])]);
    assert.deepEqual(got.get('self'), []);
  });
  void test('per selector in order, matching roles by name; duplicates (deep equality) appended once', () => {
    const got = computeAggregatedRules([
      role('agg', {}, [], [{ s: '2' }, { s: '1' }]),
      role('b', { s: '1' }, [rule('get', 'b'), rule('get', 'shared')]),
      role('a', { s: '1' }, [rule('get', 'a')]),
      role('z', { s: '2' }, [rule('get', 'shared'), rule('get', 'z')]),
    ]);
    assert.deepEqual(got.get('agg'), [rule('get', 'shared'), rule('get', 'z'), rule('get', 'a'), rule('get', 'b')]);
  });
  void test('rule equality is ordered per list: [get, list] and [list, get] are two rules', () => {
    const r1 = { ...rule('get', 'pods'), verbs: ['get', 'list'] };
    const r2 = { ...rule('get', 'pods'), verbs: ['list', 'get'] };
    const got = computeAggregatedRules([role('agg', {}, [], [{ s: '1' }]), role('a', { s: '1' }, [r1]), role('b', { s: '1' }, [r2])]);
    assert.equal(got.get('agg')?.length, 2);
  });
  void test('an empty selector selects every other ClusterRole', () => {
    const got = computeAggregatedRules([role('all', {}, [], [{}]), role('x', {}, [rule('get', 'x')])]);
    assert.deepEqual(got.get('all'), [rule('get', 'x')]);
  });
  void test('chains converge whatever the name order (a3 <- a2 <- a1)', () => {
    const got = computeAggregatedRules([
      role('a3', {}, [], [{ to: 'a3' }]),
      role('a2', { to: 'a3' }, [], [{ to: 'a2' }]),
      role('a1', { to: 'a2' }, [], [{ to: 'a1' }]),
      role('leaf', { to: 'a1' }, [rule('get', 'leaf')]),
    ]);
    assert.deepEqual(got.get('a3'), [rule('get', 'leaf')]);
  });
  void test('an invalid selector (In without values) leaves the stored rules, as the controller errors out', () => {
    const bad: ClusterRole = {
      kind: 'ClusterRole',
      name: 'bad',
      labels: {},
      rules: [rule('get', 'kept')],
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: {}, matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }] },
    };
    assert.deepEqual(computeAggregatedRules([bad, role('x', { a: '1' }, [rule('get', 'x')])]).get('bad'), [rule('get', 'kept')]);
  });
  void test('disagreements report both directions as sets', () => {
    const objects = toClusterObjects([
      {
        kind: 'ClusterRole',
        metadata: { name: 'agg' },
        aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: '1' } }] },
        rules: [{ verbs: ['get'], apiGroups: [''], resources: ['old'] }],
      },
      {
        kind: 'ClusterRole',
        metadata: { name: 'src', labels: { a: '1' } },
        rules: [{ verbs: ['get'], apiGroups: [''], resources: ['new'] }],
      },
    ]);
    assert.deepEqual(aggregationDisagreements(objects), [
      { role: 'agg', missingFromStored: [rule('get', 'new')], extraInStored: [rule('get', 'old')] },
    ]);
  });
});
