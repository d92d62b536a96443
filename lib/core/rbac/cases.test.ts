// The one data-driven runner: walks every testdata/*.json file and checks each
// { name, input, expected } case. The cases are transcribed from the upstream tests and docs
// each file's `source` names; the engine code never sees them.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { matchesLabelSelector } from '../kube/label-selector';
import { toClusterObjects } from '../kube/to-cluster-objects';
import type { ClusterObjects, PolicyRule } from '../kube/types';
import { computeAggregatedRules } from './aggregation';
import { buildAuthzIndex } from './authz-index';
import { canI, impersonatedUser } from './can-i';
import { naiveCanI, naiveWhoCan } from './naive';
import { parseResourceTarget } from './parse-target';
import { ruleAllows } from './rule-matches';
import { subjectMatchesUser } from './subject-matches';
import { caseFiles } from './testdata/fixtures';
import type { AuthzRequest } from './types';
import { whoCan } from './who-can';

const list = z.array(z.string()).default([]);
const ruleSchema = z.object({ verbs: list, apiGroups: list, resources: list, resourceNames: list, nonResourceURLs: list });
const requestSchema = z.union([
  z.object({ verb: z.string(), path: z.string() }).transform((r): AuthzRequest => ({ kind: 'nonResource', ...r })),
  z
    .object({
      verb: z.string(),
      apiGroup: z.string().default(''),
      resource: z.string(),
      subresource: z.string().default(''),
      namespace: z.string().default(''),
      name: z.string().default(''),
    })
    .transform((r): AuthzRequest => ({ kind: 'resource', ...r })),
]);
const userSchema = z.object({ name: z.string(), groups: list });
const matchSchema = z.object({
  binding: z.object({ kind: z.enum(['RoleBinding', 'ClusterRoleBinding']), name: z.string(), namespace: z.string().optional() }),
  role: z.object({ kind: z.string(), name: z.string() }),
  ruleIndex: z.number(),
});
const subjectSchema = z.object({ kind: z.string(), name: z.string(), namespace: z.string().default(''), apiGroup: z.string().default('') });

const inputSchema = z.discriminatedUnion('check', [
  z.object({ check: z.literal('ruleAllows'), rule: ruleSchema, request: requestSchema }),
  z.object({ check: z.literal('canI'), world: z.string(), user: userSchema, request: requestSchema }),
  z.object({ check: z.literal('whoCan'), world: z.string(), request: requestSchema, allNamespaces: z.boolean().default(false) }),
  z.object({ check: z.literal('appliesTo'), subjects: z.array(subjectSchema), user: userSchema, namespace: z.string() }),
  z.object({ check: z.literal('impersonate'), as: z.string(), asGroups: list }),
  z.object({ check: z.literal('parseTarget'), arg: z.string() }),
  z.object({
    check: z.literal('labelSelector'),
    selector: z.object({
      matchLabels: z.record(z.string(), z.string()).default({}),
      matchExpressions: z
        .array(z.object({ key: z.string(), operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']), values: list }))
        .default([]),
    }),
    labels: z.record(z.string(), z.string()),
  }),
  z.object({ check: z.literal('aggregate'), world: z.string(), role: z.string() }),
  z.object({ check: z.literal('unresolved'), world: z.string() }),
]);
type CaseInput = z.infer<typeof inputSchema>;

const caseFileSchema = z.object({
  source: z.string().min(1),
  worlds: z.record(z.string(), z.array(z.record(z.string(), z.json()))).default({}),
  cases: z.array(z.object({ name: z.string().min(1), input: inputSchema, expected: z.json() })).min(1),
});

const whoCanExpected = z.object({
  subjects: z.array(
    z.object({ kind: z.string(), name: z.string(), namespace: z.string().optional(), matchedBy: z.array(matchSchema).optional() }),
  ),
});
const decisionExpected = z.object({ allowed: z.boolean(), matchedBy: z.array(matchSchema).optional() });

function runCase(input: CaseInput, expected: unknown, world: (name: string) => ClusterObjects): void {
  switch (input.check) {
    case 'ruleAllows':
      assert.equal(ruleAllows(input.rule, input.request), z.boolean().parse(expected));
      return;
    case 'canI': {
      const want = decisionExpected.parse(expected);
      const objects = world(input.world);
      const got = canI(buildAuthzIndex(objects), input.user, input.request);
      assert.equal(got.allowed, want.allowed);
      if (want.matchedBy) assert.deepEqual(got.matchedBy, want.matchedBy);
      assert.deepEqual(got, naiveCanI(objects, input.user, input.request), 'indexed and naive canI disagree');
      return;
    }
    case 'whoCan': {
      const want = whoCanExpected.parse(expected);
      const objects = world(input.world);
      const got = whoCan(buildAuthzIndex(objects), input.request, { allNamespaces: input.allNamespaces });
      const strip = (s: { kind: string; name: string; namespace?: string }) => ({ kind: s.kind, name: s.name, namespace: s.namespace });
      assert.deepEqual(got.subjects.map(strip), want.subjects.map(strip));
      want.subjects.forEach((s, i) => {
        if (s.matchedBy) assert.deepEqual(got.subjects[i]?.matchedBy, s.matchedBy);
      });
      assert.deepEqual(
        got,
        naiveWhoCan(objects, input.request, { allNamespaces: input.allNamespaces }),
        'indexed and naive whoCan disagree',
      );
      return;
    }
    case 'appliesTo':
      // appliesTo: any subject of the binding applies.
      assert.equal(
        input.subjects.some((s) => subjectMatchesUser(s, input.user, input.namespace)),
        z.boolean().parse(expected),
      );
      return;
    case 'impersonate':
      assert.deepEqual(impersonatedUser(input.as, input.asGroups), userSchema.parse(expected));
      return;
    case 'parseTarget': {
      const got = parseResourceTarget(input.arg);
      const want = z.record(z.string(), z.string()).parse(expected);
      if (want.kind === 'error') {
        assert.equal(got.kind, 'error');
        if (got.kind === 'error') assert.ok(got.error.includes(JSON.stringify(input.arg)), `error names the input: ${got.error}`);
      } else assert.deepEqual(got, want);
      return;
    }
    case 'labelSelector':
      assert.equal(matchesLabelSelector(input.selector, input.labels), z.boolean().parse(expected));
      return;
    case 'aggregate': {
      const rules: PolicyRule[] = z.array(ruleSchema).parse(expected);
      assert.deepEqual(computeAggregatedRules(world(input.world).clusterRoles).get(input.role), rules);
      return;
    }
    case 'unresolved':
      assert.deepEqual(buildAuthzIndex(world(input.world)).unresolvedBindings, expected);
      return;
  }
}

const files = caseFiles().map(({ file, data }) => ({ file, ...caseFileSchema.parse(data) }));

for (const { file, source, worlds, cases } of files) {
  const world = (name: string): ClusterObjects => {
    const objs = worlds[name];
    if (!objs) throw new Error(`${file}: unknown world ${name}`);
    return toClusterObjects(objs);
  };
  void describe(`${file} (${source})`, () => {
    for (const c of cases) void test(c.name, () => runCase(c.input, c.expected, world));
  });
}

void test('the case files hold at least 60 upstream-derived cases', () => {
  const total = files.reduce((n, f) => n + f.cases.length, 0);
  assert.ok(total >= 60, `only ${total} cases`);
});
