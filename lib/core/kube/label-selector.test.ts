// Most selector cases are data in lib/core/rbac/testdata/label-selector.json (the one case
// runner); these check the validity rules of LabelSelectorAsSelector and the real bootstrap labels.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BOOTSTRAP_FILES, fixtureObjects } from '../rbac/testdata/fixtures';
import { labelSelectorProblem, matchesLabelSelector } from './label-selector';
import type { LabelSelector } from './types';

const sel = (matchExpressions: LabelSelector['matchExpressions'], matchLabels: Record<string, string> = {}): LabelSelector => ({
  matchLabels,
  matchExpressions,
});

void describe('labelSelectorProblem (labels.NewRequirement validation)', () => {
  void test('In and NotIn need values; Exists and DoesNotExist take none', () => {
    assert.match(
      labelSelectorProblem(sel([{ key: 'a', operator: 'In', values: [] }])) ?? '',
      /key a: operator In needs at least one value/,
    );
    assert.match(labelSelectorProblem(sel([{ key: 'a', operator: 'NotIn', values: [] }])) ?? '', /NotIn/);
    assert.match(labelSelectorProblem(sel([{ key: 'a', operator: 'Exists', values: ['x'] }])) ?? '', /Exists takes no values/);
    assert.equal(labelSelectorProblem(sel([{ key: 'a', operator: 'DoesNotExist', values: [] }])), undefined);
    assert.equal(matchesLabelSelector(sel([{ key: 'a', operator: 'DoesNotExist', values: [] }]), {}), true);
  });
});

void describe('the bootstrap aggregation selectors', () => {
  const roles = fixtureObjects(BOOTSTRAP_FILES).clusterRoles;
  const selected = (aggregated: string) => {
    const selector = roles.find((r) => r.name === aggregated)?.aggregationRule?.clusterRoleSelectors[0];
    assert.ok(selector);
    return roles.filter((r) => matchesLabelSelector(selector, r.labels)).map((r) => r.name);
  };
  void test('admin selects edit and system:aggregate-to-admin', () =>
    assert.deepEqual(selected('admin'), ['edit', 'system:aggregate-to-admin']));
  void test('edit selects view and system:aggregate-to-edit', () =>
    assert.deepEqual(selected('edit').sort(), ['system:aggregate-to-edit', 'view']));
  void test('view selects system:aggregate-to-view', () => assert.deepEqual(selected('view'), ['system:aggregate-to-view']));
});
