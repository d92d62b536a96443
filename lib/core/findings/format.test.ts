// The text table's cells and the one-line sentences, read from the finding and its evidence.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { evidenceText, findingRows, findingSentence, findingsSummary, notEvaluatedLines, partyText, scopeText } from './format';
import type { Evidence, Finding } from './types';

const adminGrant: Evidence = {
  kind: 'grant',
  request: '* */* cluster-wide',
  matchedBy: [
    { binding: { kind: 'ClusterRoleBinding', name: 'cluster-admin' }, role: { kind: 'ClusterRole', name: 'cluster-admin' }, ruleIndex: 0 },
    { binding: { kind: 'ClusterRoleBinding', name: 'more-admin' }, role: { kind: 'ClusterRole', name: 'cluster-admin' }, ruleIndex: 1 },
  ],
};
const grant: Finding = {
  id: 'a',
  rule: 'k8s.cluster-admin-equivalent',
  severity: 'critical',
  title: 'Cluster-admin equivalent',
  layer: 'kubernetes',
  source: 'prod',
  subject: { kind: 'Group', name: 'system:masters' },
  object: null,
  scope: 'cluster',
  evidence: [adminGrant],
  builtIn: { reason: 'bootstrap binding' },
  suppressed: false,
};
const hygiene: Finding = {
  ...grant,
  id: 'b',
  rule: 'k8s.missing-service-account',
  severity: 'medium',
  title: 'Binding to a missing ServiceAccount',
  subject: { kind: 'ServiceAccount', name: 'ghost', namespace: 'shop' },
  object: { kind: 'RoleBinding', name: 'ghost-reader', namespace: 'shop' },
  scope: 'shop',
  evidence: [{ kind: 'object', object: { kind: 'RoleBinding', name: 'ghost-reader', namespace: 'shop' }, field: 'subjects[0]', value: {} }],
  builtIn: null,
  suppressed: true,
  suppressedBy: { id: 3, justification: 'chart creates it', owner: 'ana', expiresAt: '2027-02-01T00:00:00.000Z' },
};

describe('findings as text', () => {
  test('parties, scopes and evidence in words', () => {
    assert.equal(partyText({ kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' }), 'ServiceAccount ci/deployer');
    assert.equal(partyText(null), '-');
    assert.deepEqual(['cluster', 'shop', 'account', 'resource-group:rg-1'].map(scopeText), [
      'cluster-wide',
      'in namespace shop',
      'account-wide',
      'in resource group rg-1',
    ]);
    assert.equal(evidenceText(adminGrant), 'ClusterRoleBinding cluster-admin -> ClusterRole cluster-admin rule 0 (+1 more)');
    assert.equal(
      evidenceText({ kind: 'rule', role: { kind: 'Role', name: 'r', namespace: 'n' }, ruleIndex: 2, rule: {} }),
      'Role n/r rule 2',
    );
  });

  test('rows: severity, rule, subject (else the object), scope, the first evidence, built-in and suppression marks', () => {
    assert.deepEqual(findingRows([grant, hygiene, { ...hygiene, subject: null, suppressed: false, suppressedBy: undefined }]), [
      [
        'critical',
        'k8s.cluster-admin-equivalent',
        'Group system:masters',
        'cluster',
        'ClusterRoleBinding cluster-admin -> ClusterRole cluster-admin rule 0 (+1 more)',
        'built-in: bootstrap binding',
      ],
      [
        'medium',
        'k8s.missing-service-account',
        'ServiceAccount shop/ghost',
        'shop',
        'RoleBinding shop/ghost-reader subjects[0]',
        'suppressed #3 until 2027-02-01 (ana)',
      ],
      ['medium', 'k8s.missing-service-account', 'RoleBinding shop/ghost-reader', 'shop', 'RoleBinding shop/ghost-reader subjects[0]', ''],
    ]);
  });

  test('sentence, not-evaluated lines and the summary', () => {
    assert.equal(
      findingSentence(hygiene),
      'Binding to a missing ServiceAccount: ServiceAccount shop/ghost, in namespace shop on RoleBinding shop/ghost-reader; RoleBinding shop/ghost-reader subjects[0]',
    );
    assert.deepEqual(notEvaluatedLines([{ rule: 'k8s.automount-token', reason: 'no Pod' }]), [
      'not evaluated: k8s.automount-token: no Pod',
    ]);
    assert.equal(
      findingsSummary({ findings: [grant, hygiene], notEvaluated: [{ rule: 'x', reason: 'y' }] }),
      '2 findings (1 critical, 1 medium), 1 suppressed, 1 built-in; 1 rule not evaluated',
    );
    assert.equal(findingsSummary({ findings: [], notEvaluated: [] }), '0 findings');
  });
});
