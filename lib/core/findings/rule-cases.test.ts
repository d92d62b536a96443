// The data-driven runner for testdata/rule-cases.yaml: each case is a cluster and the findings one
// rule gives over it, compared as readable lines (party, scope, evidence, paths).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { z } from 'zod';
import { toClusterObjects } from '../kube/to-cluster-objects';
import { applyAggregation } from '../rbac/aggregation';
import { buildAuthzIndex } from '../rbac/authz-index';
import type { JsonObject } from '../snapshot/types';
import { KUBERNETES_RULES } from './catalog';
import { evaluateClusterFindings } from './evaluate';
import { serviceAccountSecretsOf } from './token-hygiene';
import type { Evidence, Finding, FindingParty } from './types';

const expectedSchema = z.object({
  subject: z.string().optional(),
  object: z.string().optional(),
  scope: z.string(),
  evidence: z.array(z.string()),
  paths: z.array(z.string()).optional(),
});
const caseSchema = z.object({
  name: z.string(),
  rule: z.string(),
  objects: z.array(z.record(z.string(), z.unknown())),
  missingKinds: z.array(z.string()).default([]),
  withoutSecretsLists: z.boolean().default(false),
  expected: z.array(expectedSchema),
  notEvaluated: z.array(z.string()).default([]),
});
type Case = z.infer<typeof caseSchema>;

const cases: Case[] = z.array(caseSchema).parse(parse(readFileSync(join(import.meta.dirname, 'testdata', 'rule-cases.yaml'), 'utf8')));

function partyLine(p: FindingParty): string {
  return `${p.kind} ${p.namespace ? `${p.namespace}/` : ''}${p.name}`;
}

function evidenceLine(e: Evidence): string {
  if (e.kind === 'grant') return e.request;
  if (e.kind === 'rule') return `${partyLine(e.role)} rule ${e.ruleIndex}: ${(e.wildcards ?? []).join(', ')}`;
  return `${partyLine(e.object)} ${e.field}`;
}

function findingLines(f: Finding, withPaths: boolean) {
  const paths = f.evidence.flatMap((e) =>
    e.kind === 'grant' ? e.matchedBy.map((m) => `${partyLine({ ...m.binding })} -> ${m.role.kind} ${m.role.name} #${m.ruleIndex}`) : [],
  );
  return {
    ...(f.subject && { subject: partyLine(f.subject) }),
    ...(f.object && { object: partyLine(f.object) }),
    scope: f.scope,
    evidence: f.evidence.map(evidenceLine),
    ...(withPaths && { paths }),
  };
}

function run(c: Case) {
  const docs = c.objects as JsonObject[];
  const index = buildAuthzIndex(applyAggregation(toClusterObjects(docs)));
  return evaluateClusterFindings({
    source: 'case',
    index,
    missingKinds: c.missingKinds,
    rules: [c.rule],
    ...(!c.withoutSecretsLists && { serviceAccountSecrets: serviceAccountSecretsOf(docs) }),
  });
}

describe('rule cases (testdata/rule-cases.yaml)', () => {
  for (const c of cases) {
    test(c.name, () => {
      const result = run(c);
      const got = result.findings.map((f, i) => findingLines(f, c.expected[i]?.paths !== undefined));
      assert.deepEqual(got, c.expected);
      assert.deepEqual(
        result.notEvaluated.map((n) => `${n.rule}: ${n.reason}`),
        c.notEvaluated,
      );
      for (const f of result.findings) assert.equal(f.rule, c.rule);
    });
  }

  test('every rule has a case that fires and one that does not', () => {
    for (const rule of KUBERNETES_RULES) {
      const mine = cases.filter((c) => c.rule === rule.id);
      assert.ok(
        mine.some((c) => c.expected.length > 0),
        `${rule.id}: no positive case`,
      );
      assert.ok(
        mine.some((c) => c.expected.length === 0 && c.notEvaluated.length === 0),
        `${rule.id}: no negative case`,
      );
    }
  });

  test('every permission rule has a case where a wildcard is what grants it', () => {
    for (const rule of KUBERNETES_RULES.filter((r) => r.probes !== undefined)) {
      const wildcard = cases.filter((c) => c.rule === rule.id && c.expected.length > 0 && JSON.stringify(c.objects).includes('*'));
      assert.ok(wildcard.length > 0, `${rule.id}: no wildcard case`);
    }
  });
});
