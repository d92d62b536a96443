import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsDrift } from './drift';
import type { Finding, Severity } from './types';

function finding(id: string, severity: Severity, rule = 'k8s.secrets-read'): Finding {
  return {
    id,
    rule,
    severity,
    title: 't',
    layer: 'kubernetes',
    source: 's',
    subject: { kind: 'User', name: id },
    object: null,
    scope: 'cluster',
    evidence: [],
    builtIn: null,
    suppressed: false,
  };
}

describe('findingsDrift', () => {
  test('gained and resolved are matched by id, worst severity first', () => {
    const before = [finding('a', 'low'), finding('b', 'high'), finding('c', 'critical')];
    const after = [finding('b', 'high'), finding('d', 'medium'), finding('e', 'critical'), finding('f', 'info')];
    const drift = findingsDrift(before, after);
    assert.deepEqual(
      drift.gained.map((f) => f.id),
      ['e', 'd', 'f'],
    );
    assert.deepEqual(
      drift.resolved.map((f) => f.id),
      ['c', 'a'],
    );
  });

  test('a finding whose evidence changed is neither gained nor resolved', () => {
    const before = [finding('a', 'high')];
    const after = [{ ...finding('a', 'high'), evidence: [{ kind: 'grant' as const, request: 'list secrets', matchedBy: [] }] }];
    assert.deepEqual(findingsDrift(before, after), { gained: [], resolved: [] });
  });
});
