// Done-when for the permission rules: each rule's probes, applied to every bootstrap ClusterRole
// (fixtures/k8s-bootstrap, admin/edit/view aggregated), flag exactly the ClusterRoles that
// testdata/default-holders.json lists for that probe. Each ClusterRole is bound alone, cluster-wide,
// to a subject of its own (User `probe:<role>`), and the bootstrap bindings are left out, so a
// finding for that user is the role's and nothing else's.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import type { ClusterObjects, ClusterRoleBinding } from '../kube/types';
import { applyAggregation } from '../rbac/aggregation';
import { buildAuthzIndex } from '../rbac/authz-index';
import { BOOTSTRAP_FILES, fixtureObjects } from '../rbac/testdata/fixtures';
import { KUBERNETES_RULES } from './catalog';
import { evaluateClusterFindings } from './evaluate';
import type { Finding } from './types';

const rowsSchema = z.object({
  rows: z.array(
    z.object({
      probe: z.string(),
      rule: z.string().nullable(),
      request: z.string().optional(),
      why: z.string().optional(),
      roles: z.array(z.string()),
    }),
  ),
});
const { rows } = rowsSchema.parse(JSON.parse(readFileSync(join(import.meta.dirname, 'testdata', 'default-holders.json'), 'utf8')));

const PROBE_USER = 'probe:';
const bootstrap = applyAggregation(fixtureObjects(BOOTSTRAP_FILES));

function bindEachRoleAlone(objects: ClusterObjects): ClusterObjects {
  const bindings = objects.clusterRoles.map((r): ClusterRoleBinding => ({
    kind: 'ClusterRoleBinding',
    name: `${PROBE_USER}${r.name}`,
    subjects: [{ kind: 'User', name: `${PROBE_USER}${r.name}`, namespace: '', apiGroup: 'rbac.authorization.k8s.io' }],
    roleRef: { kind: 'ClusterRole', name: r.name, apiGroup: 'rbac.authorization.k8s.io' },
  }));
  return { ...objects, clusterRoleBindings: bindings, roleBindings: [] };
}

const probed = evaluateClusterFindings({
  source: 'bootstrap',
  index: buildAuthzIndex(bindEachRoleAlone(bootstrap)),
  missingKinds: ['Pod', 'ServiceAccount'],
}).findings.filter((f) => f.subject?.kind === 'User' && f.subject.name.startsWith(PROBE_USER));

const roleOf = (f: Finding) => (f.subject?.name ?? '').slice(PROBE_USER.length);
const sorted = (names: Iterable<string>) => [...new Set(names)].sort();

/**
 * Roles a rule flags beyond the table's rows for it, through probes the table has no row for.
 * Each read off the fixture YAML: generic-garbage-collector holds delete, get, list, patch, update,
 * watch on `*` of `*`, namespace-controller delete, deletecollection, get, list, watch on `*` of `*`
 * (controller-roles.yaml), deployment-controller creates replicasets.apps.
 */
const EXTRA: Record<string, string[]> = {
  'k8s.pod-exec': ['system:controller:generic-garbage-collector'], // update/patch pods/ephemeralcontainers via `*`
  'k8s.webhook-write': ['system:controller:namespace-controller'], // delete via `*`
  'k8s.workload-create': ['system:controller:deployment-controller'], // create replicasets.apps
  'k8s.rbac-write': ['system:controller:generic-garbage-collector'], // update/patch role bindings via `*`
};

// Rules the table has no row for, with what they flag: cluster-admin is the one role with `*` verbs,
// groups and resources, and the one that may impersonate any group.
const NOT_IN_TABLE: Record<string, string[]> = {
  'k8s.cluster-admin-equivalent': ['cluster-admin'],
  'k8s.system-masters': ['cluster-admin'],
  'k8s.anonymous-access': [],
  'k8s.authenticated-access': [],
};

describe('permission rules over every bootstrap ClusterRole', () => {
  for (const row of rows) {
    if (row.rule === null) {
      test(`${row.probe}: no rule probes it (${row.why ?? ''})`, () => {
        assert.ok(KUBERNETES_RULES.every((r) => !(r.probes ?? []).some((p) => `${p.verb} ${p.resource}` === row.probe)));
      });
      continue;
    }
    test(`${row.probe} (${row.rule}) flags exactly ${row.roles.length} ClusterRoles`, () => {
      const flagged = probed.filter((f) => f.rule === row.rule && f.evidence.some((e) => e.kind === 'grant' && e.request === row.request));
      assert.deepEqual(sorted(flagged.map(roleOf)), sorted(row.roles));
    });
  }

  for (const rule of KUBERNETES_RULES) {
    const fromRows = rows.filter((r) => r.rule === rule.id).flatMap((r) => r.roles);
    const expected = rule.id in NOT_IN_TABLE ? (NOT_IN_TABLE[rule.id] ?? []) : [...fromRows, ...(EXTRA[rule.id] ?? [])];
    if (rule.probes === undefined && !(rule.id in NOT_IN_TABLE)) continue;
    test(`${rule.id} as a whole flags the table's roles${EXTRA[rule.id] ? ' and the documented extras' : ''}`, () => {
      assert.deepEqual(sorted(probed.filter((f) => f.rule === rule.id).map(roleOf)), sorted(expected));
    });
  }

  test('every ClusterRole was bound alone: each finding has paths through its own binding only', () => {
    for (const f of probed) {
      for (const e of f.evidence) {
        if (e.kind !== 'grant') continue;
        for (const m of e.matchedBy) assert.equal(m.binding.name, `${PROBE_USER}${roleOf(f)}`);
      }
    }
  });
});

describe('the bootstrap cluster as shipped', () => {
  const result = evaluateClusterFindings({
    source: 'bootstrap',
    index: buildAuthzIndex(bootstrap),
    missingKinds: ['Pod'],
    serviceAccountSecrets: [],
  });

  test('every finding is marked built-in, with a reason', () => {
    const unmarked = result.findings.filter((f) => f.builtIn === null).map((f) => `${f.rule} ${JSON.stringify(f.subject ?? f.object)}`);
    assert.deepEqual(unmarked, []);
  });

  test('no subject gets system:node rights through RBAC (its ClusterRoleBinding has no subjects)', () => {
    assert.ok(
      !result.findings.some(
        (f) =>
          f.subject?.name === 'system:nodes' ||
          f.evidence.some((e) => e.kind === 'grant' && e.matchedBy.some((m) => m.role.name === 'system:node')),
      ),
    );
  });

  test('the discovery bindings of system:authenticated and system:unauthenticated are not public-access findings', () => {
    assert.deepEqual(
      result.findings.filter((f) => f.rule === 'k8s.anonymous-access' || f.rule === 'k8s.authenticated-access'),
      [],
    );
  });

  test('cluster-admin through system:masters is found, built-in by the bootstrap binding', () => {
    const f = result.findings.find((x) => x.rule === 'k8s.cluster-admin-equivalent');
    assert.deepEqual(f?.subject, { kind: 'Group', name: 'system:masters' });
    assert.equal(f?.builtIn?.reason, 'bootstrap policy: kube-apiserver creates and reconciles ClusterRoleBinding cluster-admin');
  });
});
