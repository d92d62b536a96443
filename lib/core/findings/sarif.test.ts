// SARIF 2.1.0 from findings: required fields, GitHub's fields (security-severity, partial
// fingerprints, a location per result), levels, suppressions, and locations for files and for a
// stored source.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertSarif } from './__tests__/sarif-required';
import { buildSarif, FINDING_FINGERPRINT, SECURITY_SEVERITY, sarifLevel, type ManifestLocation } from './sarif';
import { SEVERITIES, type Finding, type FindingParty, type RuleInfo } from './types';

const SECRETS_RULE: RuleInfo = {
  id: 'k8s.secrets-read',
  layer: 'kubernetes',
  severity: 'high',
  title: 'Can read Secrets',
  rationale: 'Reading Secrets discloses every credential stored in them.',
  references: [
    { label: 'CIS 5.1.2' },
    { label: 'Kubernetes RBAC good practices: Listing secrets', url: 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/' },
  ],
  remediation: 'Grant get on named Secrets only.',
};
const DANGLING_RULE: RuleInfo = {
  id: 'k8s.dangling-role-ref',
  layer: 'kubernetes',
  severity: 'low',
  title: 'Binding to a missing role',
  rationale: 'Whoever creates the role inherits the binding.',
  references: [{ label: 'hygiene' }],
  remediation: 'Delete the binding.',
};

const binding = { kind: 'RoleBinding' as const, name: 'read-all', namespace: 'shop' };
const secretsFinding: Finding = {
  id: 'f-secrets-1',
  rule: 'k8s.secrets-read',
  severity: 'high',
  title: 'Can read Secrets',
  layer: 'kubernetes',
  source: 'files',
  subject: { kind: 'ServiceAccount', name: 'deployer', namespace: 'shop' },
  object: null,
  scope: 'shop',
  evidence: [
    {
      kind: 'grant',
      request: 'list secrets in shop',
      matchedBy: [{ binding, role: { kind: 'ClusterRole', name: 'view-secrets' }, ruleIndex: 0 }],
    },
  ],
  builtIn: null,
  suppressed: false,
};
const danglingFinding: Finding = {
  ...secretsFinding,
  id: 'f-dangling-1',
  rule: 'k8s.dangling-role-ref',
  severity: 'low',
  title: 'Binding to a missing role',
  subject: null,
  object: { kind: 'ClusterRoleBinding', name: 'ghost' },
  scope: 'cluster',
  evidence: [{ kind: 'object', object: { kind: 'ClusterRoleBinding', name: 'ghost' }, field: 'roleRef.name', value: 'gone' }],
  builtIn: { reason: 'bootstrap object (kubernetes.io/bootstrapping: rbac-defaults)' },
  suppressed: true,
  suppressedBy: {
    id: 7,
    justification: 'vendor chart, fixed in 2.0',
    owner: 'platform@example.com',
    expiresAt: '2027-01-01T00:00:00.000Z',
  },
};
const result = {
  findings: [secretsFinding, danglingFinding],
  notEvaluated: [{ rule: 'k8s.automount-token', reason: 'the input has no Pod' }],
};

/** A manifest file holding the binding (line 12) and the ClusterRoleBinding (line 30). */
function locateInFile(party: FindingParty): ManifestLocation | undefined {
  if (party.kind === 'RoleBinding' && party.name === 'read-all' && party.namespace === 'shop')
    return { uri: 'deploy/rbac.yaml', startLine: 12 };
  if (party.kind === 'ClusterRoleBinding' && party.name === 'ghost') return { uri: 'deploy/rbac%20old.yaml', startLine: 30 };
  return undefined;
}

describe('buildSarif', () => {
  test('files: valid SARIF 2.1.0, each result at the manifest line of the object a reviewer edits', () => {
    const log = buildSarif({ result, rules: [SECRETS_RULE, DANGLING_RULE], locate: locateInFile, toolVersion: '0.1.0' });
    assertSarif(log, { physical: true });
    const [run] = log.runs;
    assert.ok(run);
    assert.equal(run.tool.driver.name, 'Access Atlas');
    assert.equal(run.tool.driver.semanticVersion, '0.1.0');
    const [secrets, dangling] = run.results;
    // The grant's binding is the object to edit: the subject (a ServiceAccount) is not in the file.
    assert.deepEqual(secrets?.locations, [
      {
        physicalLocation: { artifactLocation: { uri: 'deploy/rbac.yaml' }, region: { startLine: 12 } },
        logicalLocations: [{ name: 'read-all', fullyQualifiedName: 'RoleBinding/shop/read-all', kind: 'resource' }],
      },
    ]);
    assert.equal(dangling?.locations[0]?.physicalLocation?.region.startLine, 30);
    assert.deepEqual(secrets?.partialFingerprints, { [FINDING_FINGERPRINT]: 'f-secrets-1' });
    assert.equal(secrets?.level, 'error');
    assert.equal(dangling?.level, 'note');
    assert.equal(
      secrets?.message.text,
      'Can read Secrets: ServiceAccount shop/deployer, in namespace shop; RoleBinding shop/read-all -> ClusterRole view-secrets rule 0',
    );
  });

  test('rules: the catalog entry with its severity for GitHub, remediation as help, the first reference URL as helpUri', () => {
    const log = buildSarif({ result, rules: [SECRETS_RULE, DANGLING_RULE] });
    const rules = log.runs[0]?.tool.driver.rules ?? [];
    assert.deepEqual(rules[0], {
      id: 'k8s.secrets-read',
      shortDescription: { text: 'Can read Secrets' },
      fullDescription: { text: 'Reading Secrets discloses every credential stored in them.' },
      help: {
        text: 'Grant get on named Secrets only.',
        markdown:
          'Grant get on named Secrets only.\n\nReferences:\n- CIS 5.1.2\n- [Kubernetes RBAC good practices: Listing secrets](https://kubernetes.io/docs/concepts/security/rbac-good-practices/)',
      },
      helpUri: 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
      defaultConfiguration: { level: 'error' },
      properties: { 'security-severity': '8.0', tags: ['security', 'kubernetes'], precision: 'very-high' },
    });
    assert.equal(rules[1]?.helpUri, undefined, 'no URL among its references: no helpUri');
    assert.equal(log.runs[0]?.results[1]?.ruleIndex, 1);
  });

  test('security-severity and level for every severity', () => {
    assert.deepEqual(
      SEVERITIES.map((s) => [s, SECURITY_SEVERITY[s], sarifLevel(s)]),
      [
        ['critical', '9.5', 'error'],
        ['high', '8.0', 'error'],
        ['medium', '5.5', 'warning'],
        ['low', '3.0', 'note'],
        ['info', '1.0', 'note'],
      ],
    );
  });

  test('a suppressed finding is a result with an external, accepted suppression; built-in is a property', () => {
    const dangling = buildSarif({ result, rules: [SECRETS_RULE, DANGLING_RULE] }).runs[0]?.results[1];
    assert.deepEqual(dangling?.suppressions, [
      {
        kind: 'external',
        status: 'accepted',
        justification: 'vendor chart, fixed in 2.0 (suppression #7, platform@example.com, until 2027-01-01T00:00:00.000Z)',
      },
    ]);
    assert.equal(dangling?.properties.builtIn, 'bootstrap object (kubernetes.io/bootstrapping: rbac-defaults)');
    assert.equal(buildSarif({ result, rules: [SECRETS_RULE] }).runs[0]?.results[0]?.suppressions, undefined);
  });

  test('a stored source: logical locations (kind/namespace/name), no physical one', () => {
    const log = buildSarif({ result, rules: [SECRETS_RULE, DANGLING_RULE] });
    assertSarif(log, { physical: false });
    assert.deepEqual(
      log.runs[0]?.results.map((r) => r.locations),
      [
        [{ logicalLocations: [{ name: 'read-all', fullyQualifiedName: 'RoleBinding/shop/read-all', kind: 'resource' }] }],
        [{ logicalLocations: [{ name: 'ghost', fullyQualifiedName: 'ClusterRoleBinding//ghost', kind: 'resource' }] }],
      ],
    );
  });

  test('rules not evaluated are tool notifications naming their rule; a rule missing from the catalog given is added', () => {
    const log = buildSarif({ result, rules: [DANGLING_RULE, { ...SECRETS_RULE, id: 'k8s.automount-token', severity: 'medium' }] });
    assertSarif(log, { physical: false });
    const run = log.runs[0];
    assert.deepEqual(run?.invocations[0]?.toolExecutionNotifications, [
      {
        level: 'warning',
        message: { text: 'k8s.automount-token not evaluated: the input has no Pod' },
        associatedRule: { id: 'k8s.automount-token', index: 1 },
      },
    ]);
    assert.deepEqual(
      run?.tool.driver.rules.map((r) => r.id),
      ['k8s.dangling-role-ref', 'k8s.automount-token', 'k8s.secrets-read'],
    );
    assert.equal(run?.results[0]?.ruleIndex, 2);
  });

  test('no findings: an empty results array, still a valid log', () => {
    const log = buildSarif({ result: { findings: [], notEvaluated: [] }, rules: [SECRETS_RULE] });
    assertSarif(log, { physical: true });
    assert.deepEqual(log.runs[0]?.results, []);
  });
});
