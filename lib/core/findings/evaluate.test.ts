import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { toClusterObjects } from '../kube/to-cluster-objects';
import { buildAuthzIndex } from '../rbac/authz-index';
import type { JsonObject } from '../snapshot/types';
import { KUBERNETES_RULES, ruleById } from './catalog';
import { evaluateClusterFindings } from './evaluate';
import { severityRank } from './types';

const index = buildAuthzIndex(
  toClusterObjects(
    parse(`
- { apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, metadata: { name: secret-reader }, rules: [{ apiGroups: [''], resources: [secrets], verbs: [get, list] }] }
- { apiVersion: rbac.authorization.k8s.io/v1, kind: Role, metadata: { name: lister, namespace: team }, rules: [{ apiGroups: [''], resources: [secrets], verbs: [list] }, { apiGroups: [''], resources: [pods/exec], verbs: [create] }] }
- { apiVersion: rbac.authorization.k8s.io/v1, kind: RoleBinding, metadata: { name: a, namespace: team }, roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader }, subjects: [{ kind: User, name: ann }] }
- { apiVersion: rbac.authorization.k8s.io/v1, kind: RoleBinding, metadata: { name: b, namespace: team }, roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: lister }, subjects: [{ kind: User, name: ann }] }
- { apiVersion: rbac.authorization.k8s.io/v1, kind: RoleBinding, metadata: { name: c, namespace: prod }, roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader }, subjects: [{ kind: User, name: ann }] }
- { apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRoleBinding, metadata: { name: d }, roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secret-reader }, subjects: [{ kind: Group, name: auditors }] }
- { apiVersion: rbac.authorization.k8s.io/v1, kind: RoleBinding, metadata: { name: e, namespace: team }, roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: gone }, subjects: [{ kind: User, name: ann }] }
`) as JsonObject[],
  ),
);

describe('evaluateClusterFindings', () => {
  const all = evaluateClusterFindings({ source: 'prod-cluster', index, missingKinds: ['Pod', 'ServiceAccount'] });

  test('one finding per (rule, subject, scope): two bindings in one namespace merge, another namespace is another finding', () => {
    const ann = all.findings.filter((f) => f.rule === 'k8s.secrets-read' && f.subject?.name === 'ann');
    assert.deepEqual(
      ann.map((f) => f.scope),
      ['prod', 'team'],
    );
    const team = ann.find((f) => f.scope === 'team');
    assert.deepEqual(
      team?.evidence.map((e) => (e.kind === 'grant' ? [e.request, e.matchedBy.map((m) => `${m.binding.name}#${m.ruleIndex}`)] : [])),
      [
        ['get secrets in namespace team', ['a#0']],
        ['list secrets in namespace team', ['a#0', 'b#0']],
      ],
    );
  });

  test('sorted worst severity first, then rule, subject, scope', () => {
    const keys = all.findings.map((f) => [severityRank(f.severity), f.rule]);
    for (let i = 1; i < keys.length; i++) {
      const [rankA = 0, ruleA = ''] = keys[i - 1] as [number, string];
      const [rankB = 0, ruleB = ''] = keys[i] as [number, string];
      assert.ok(rankA > rankB || (rankA === rankB && ruleA <= ruleB), `${String(keys[i - 1])} before ${String(keys[i])}`);
    }
    assert.equal(all.findings[0]?.severity, 'high');
    assert.equal(all.findings.at(-1)?.rule, 'k8s.dangling-role-ref');
  });

  test("every finding carries the source, its rule's severity, title and layer, a unique id, and is not suppressed", () => {
    for (const f of all.findings) {
      const rule = ruleById(f.rule);
      assert.equal(f.source, 'prod-cluster');
      assert.equal(f.severity, rule?.severity);
      assert.equal(f.title, rule?.title);
      assert.equal(f.layer, 'kubernetes');
      assert.equal(f.suppressed, false);
    }
    assert.equal(new Set(all.findings.map((f) => f.id)).size, all.findings.length);
  });

  test('rules whose kinds are missing are listed, not passed', () => {
    assert.deepEqual(all.notEvaluated, [
      { rule: 'k8s.missing-service-account', reason: 'the snapshot lacks ServiceAccount' },
      { rule: 'k8s.automount-token', reason: 'the snapshot lacks ServiceAccount, Pod' },
      { rule: 'k8s.legacy-sa-token', reason: 'the snapshot lacks ServiceAccount' },
    ]);
  });

  test('without RoleBindings, every rule that reads them is not evaluated and gives no finding', () => {
    const partial = evaluateClusterFindings({ source: 's', index, missingKinds: ['RoleBinding'], serviceAccountSecrets: [] });
    const readers = KUBERNETES_RULES.filter((r) => r.reads.includes('RoleBinding')).map((r) => r.id);
    assert.deepEqual(
      partial.notEvaluated.map((n) => n.rule),
      readers,
    );
    assert.ok(partial.findings.every((f) => !readers.includes(f.rule)));
  });

  test('`rules` narrows the run; ids of other catalogs are left to their evaluators', () => {
    const some = evaluateClusterFindings({ source: 's', index, missingKinds: [], rules: ['k8s.pod-exec', 'ram.admin'] });
    assert.deepEqual([...new Set(some.findings.map((f) => f.rule))], ['k8s.pod-exec']);
    assert.deepEqual(some.notEvaluated, []);
  });

  test('the same snapshot gives the same findings, ids included', () => {
    assert.deepEqual(evaluateClusterFindings({ source: 'prod-cluster', index, missingKinds: ['Pod', 'ServiceAccount'] }), all);
  });
});

describe('catalog', () => {
  test('ids are unique, every rule has references, remediation and a rationale', () => {
    assert.equal(new Set(KUBERNETES_RULES.map((r) => r.id)).size, KUBERNETES_RULES.length);
    for (const r of KUBERNETES_RULES) {
      assert.ok(r.references.length > 0 && r.remediation.length > 0 && r.rationale.length > 0, r.id);
      for (const ref of r.references) if (ref.url) assert.match(ref.url, /^https:\/\//);
    }
  });

  test("holds exactly the issue's Kubernetes rules", () => {
    assert.deepEqual(KUBERNETES_RULES.map((r) => r.id).sort(), [
      'k8s.anonymous-access',
      'k8s.authenticated-access',
      'k8s.automount-token',
      'k8s.bind',
      'k8s.cluster-admin-equivalent',
      'k8s.csr-approve',
      'k8s.dangling-role-ref',
      'k8s.default-sa-bound',
      'k8s.escalate',
      'k8s.impersonate',
      'k8s.legacy-sa-token',
      'k8s.missing-service-account',
      'k8s.namespace-patch',
      'k8s.nodes-proxy',
      'k8s.pod-exec',
      'k8s.pv-create',
      'k8s.rbac-write',
      'k8s.sa-token-create',
      'k8s.secrets-read',
      'k8s.system-masters',
      'k8s.webhook-write',
      'k8s.wildcard-rule',
      'k8s.workload-create',
    ]);
  });
});
