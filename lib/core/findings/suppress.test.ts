import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applySuppressions, globMatches, matchesPattern } from './suppress';
import type { Finding, FindingsResult, Suppression } from './types';

function finding(over: Partial<Finding>): Finding {
  return {
    id: 'f_1',
    rule: 'k8s.secrets-read',
    severity: 'high',
    title: 't',
    layer: 'kubernetes',
    source: 's',
    subject: { kind: 'ServiceAccount', name: 'ci', namespace: 'team' },
    object: null,
    scope: 'team',
    evidence: [],
    builtIn: null,
    suppressed: false,
    ...over,
  };
}

function suppression(over: Partial<Suppression>): Suppression {
  return {
    id: 1,
    rule: 'k8s.secrets-read',
    subjectPattern: null,
    objectPattern: null,
    scope: null,
    justification: 'ci needs it',
    owner: 'platform',
    expiresAt: '2030-01-01T00:00:00Z',
    createdAt: '2029-01-01T00:00:00Z',
    ...over,
  };
}

const NOW = new Date('2029-06-01T00:00:00Z');
const result = (...findings: Finding[]): FindingsResult => ({ findings, notEvaluated: [{ rule: 'k8s.automount-token', reason: 'r' }] });

describe('globMatches', () => {
  const cases: [string, string, boolean][] = [
    ['ServiceAccount/kube-system/*', 'ServiceAccount/kube-system/coredns', true],
    ['ServiceAccount/kube-system/*', 'ServiceAccount/default/coredns', false],
    ['*', '', true],
    ['*', 'anything/at/all', true],
    ['User//alice', 'User//alice', true],
    ['User//alice', 'User//alice2', false],
    ['*/team/*', 'RoleBinding/team/x', true],
    ['*a*b*', 'xxaxxbxx', true],
    ['*a*b*', 'xxbxxaxx', false],
    ['a*a', 'a', false],
    ['a*a', 'aa', true],
    ['Group//system:*', 'Group//system:masters', true],
    ['group//system:masters', 'Group//system:masters', false],
  ];
  for (const [pattern, text, expected] of cases) {
    test(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(text)}`, () => {
      assert.equal(globMatches(pattern, text), expected);
    });
  }
});

describe('matchesPattern', () => {
  test('an absent pattern matches anything, a finding without the party only `*` or absent', () => {
    assert.equal(matchesPattern(null, null), true);
    assert.equal(matchesPattern(null, { kind: 'User', name: 'a' }), true);
    assert.equal(matchesPattern('*', null), true);
    assert.equal(matchesPattern('User//*', null), false);
    assert.equal(matchesPattern('ClusterRole//admin', { kind: 'ClusterRole', name: 'admin' }), true);
  });
});

describe('applySuppressions', () => {
  test('an unexpired suppression with the same rule and matching patterns suppresses, keeping the finding', () => {
    const out = applySuppressions(result(finding({})), [suppression({ subjectPattern: 'ServiceAccount/team/*' })], NOW);
    assert.equal(out.findings.length, 1);
    assert.equal(out.findings[0]?.suppressed, true);
    assert.deepEqual(out.findings[0]?.suppressedBy, {
      id: 1,
      justification: 'ci needs it',
      owner: 'platform',
      expiresAt: '2030-01-01T00:00:00Z',
    });
    assert.deepEqual(out.expired, []);
    assert.deepEqual(out.notEvaluated, [{ rule: 'k8s.automount-token', reason: 'r' }]);
  });

  test('another rule, subject, object or scope does not suppress', () => {
    const misses = [
      suppression({ rule: 'k8s.pod-exec' }),
      suppression({ subjectPattern: 'ServiceAccount/prod/*' }),
      suppression({ objectPattern: 'RoleBinding/*' }),
      suppression({ scope: 'cluster' }),
    ];
    for (const s of misses)
      assert.equal(applySuppressions(result(finding({})), [s], NOW).findings[0]?.suppressed, false, JSON.stringify(s));
    assert.equal(applySuppressions(result(finding({})), [suppression({ scope: '*' })], NOW).findings[0]?.suppressed, true);
  });

  test('an expired suppression is returned and never applied; expiresAt is exclusive', () => {
    const expired = suppression({ id: 2, expiresAt: NOW.toISOString() });
    const out = applySuppressions(result(finding({})), [expired], NOW);
    assert.equal(out.findings[0]?.suppressed, false);
    assert.equal(out.findings[0]?.suppressedBy, undefined);
    assert.deepEqual(out.expired, [expired]);
    const justBefore = new Date(NOW.getTime() - 1);
    assert.equal(applySuppressions(result(finding({})), [expired], justBefore).findings[0]?.suppressed, true);
  });

  test('an unreadable expiry counts as expired', () => {
    const bad = suppression({ expiresAt: 'someday' });
    const out = applySuppressions(result(finding({})), [bad], NOW);
    assert.equal(out.findings[0]?.suppressed, false);
    assert.deepEqual(out.expired, [bad]);
  });

  test('of several matches the one in force longest is shown, then the lowest id', () => {
    const out = applySuppressions(
      result(finding({})),
      [
        suppression({ id: 5, expiresAt: '2031-01-01T00:00:00Z' }),
        suppression({ id: 3, expiresAt: '2032-01-01T00:00:00Z' }),
        suppression({ id: 4, expiresAt: '2032-01-01T00:00:00Z' }),
      ],
      NOW,
    );
    assert.equal(out.findings[0]?.suppressedBy?.id, 3);
  });

  test('a finding suppressed before is re-decided: expired now, it is unsuppressed', () => {
    const before = finding({
      suppressed: true,
      suppressedBy: { id: 9, justification: 'j', owner: 'o', expiresAt: '2029-01-01T00:00:00Z' },
    });
    const out = applySuppressions(result(before), [], NOW);
    assert.equal(out.findings[0]?.suppressed, false);
    assert.equal('suppressedBy' in (out.findings[0] ?? {}), false);
  });

  test('does not change its input', () => {
    const input = result(finding({}));
    const copy = structuredClone(input);
    applySuppressions(input, [suppression({})], NOW);
    assert.deepEqual(input, copy);
  });
});
