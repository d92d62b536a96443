// The one data-driven runner of the policy engine: every testdata/*.json file holds cases
// { name, source, grammar, policies, request, expected } transcribed from the RAM and AWS IAM
// documentation and the real fixtures each case's `source` names. Documents come inline, from
// the file's `documents` table, or from fixtures/ (the project's copies of real policies).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { contextFromPairs } from './context';
import { evaluatePolicies } from './evaluate-policies';
import { parsePolicy } from './parse-policy';
import type { NamedPolicy, PolicyGrammar } from './types';

const here = import.meta.dirname;
const fixturesRoot = join(here, '..', '..', '..', '..', 'fixtures');

const grammarSchema = z.enum(['ram', 'aws']);
const policySchema = z.object({
  name: z.string(),
  type: z.string().optional(),
  version: z.string().optional(),
  document: z.unknown().optional(),
  ref: z.string().optional(),
  fixture: z.string().optional(),
});
const caseSchema = z.object({
  name: z.string().min(1),
  source: z.string().min(1),
  grammar: grammarSchema.optional(),
  policies: z.array(policySchema).min(1),
  request: z.object({
    action: z.string(),
    resource: z.string(),
    context: z.record(z.string(), z.array(z.string())).optional(),
    principal: z.object({ type: z.enum(['RAM', 'AWS', 'Service', 'Federated', 'CanonicalUser', '*']), id: z.string() }).optional(),
  }),
  expected: z.object({
    decision: z.enum(['Allow', 'ExplicitDeny', 'ImplicitDeny']),
    statements: z
      .array(
        z.object({
          policy: z.string(),
          index: z.number(),
          effect: z.enum(['Allow', 'Deny']),
          conditions: z.enum(['met', 'not-met', 'unknown']),
        }),
      )
      .optional(),
    conditional: z.boolean().default(false),
    warnings: z.array(z.string()).optional(),
  }),
});
const fileSchema = z.object({
  grammar: grammarSchema,
  documents: z.record(z.string(), z.unknown()).default({}),
  cases: z.array(caseSchema).min(1),
});
type Case = z.infer<typeof caseSchema>;

function documentOf(p: Case['policies'][number], documents: Record<string, unknown>): unknown {
  if (p.fixture !== undefined) return readFileSync(join(fixturesRoot, p.fixture), 'utf8');
  if (p.ref !== undefined) {
    if (!Object.hasOwn(documents, p.ref)) throw new Error(`unknown document ref ${p.ref}`);
    return documents[p.ref];
  }
  if (p.document === undefined) throw new Error(`policy ${p.name} has no document, ref or fixture`);
  return p.document;
}

function runCase(c: Case, grammar: PolicyGrammar, documents: Record<string, unknown>): void {
  const warnings: string[] = [];
  const policies: NamedPolicy[] = c.policies.map((p) => {
    const parsed = parsePolicy(documentOf(p, documents), grammar);
    assert.ok(parsed.ok, `policy ${p.name} does not parse: ${parsed.ok ? '' : parsed.error}`);
    warnings.push(...parsed.warnings);
    return { name: p.name, type: p.type, version: p.version, policy: parsed.policy };
  });
  const { context, ...rest } = c.request;
  const pairs = Object.entries(context ?? {}).flatMap(([k, vs]) => vs.map((v) => [k, v] as const));
  const request = { ...rest, context: context === undefined ? undefined : contextFromPairs(pairs) };
  const result = evaluatePolicies(policies, request, grammar);
  assert.equal(result.decision, c.expected.decision, 'decision');
  assert.equal(result.conditional, c.expected.conditional, 'conditional');
  if (c.expected.statements !== undefined) {
    const got = result.statements.map(({ policy, index, effect, conditions }) => ({ policy, index, effect, conditions }));
    assert.deepEqual(got, c.expected.statements, 'matching statements');
  }
  for (const w of c.expected.warnings ?? []) {
    assert.ok(
      warnings.some((got) => got.includes(w)),
      `a warning containing "${w}" in ${JSON.stringify(warnings)}`,
    );
  }
}

const files = readdirSync(join(here, 'testdata'))
  .filter((f) => f.endsWith('.json'))
  .sort();

for (const file of files) {
  const data = fileSchema.parse(JSON.parse(readFileSync(join(here, 'testdata', file), 'utf8')));
  describe(file, () => {
    for (const c of data.cases) {
      test(`${c.name} [${c.source}]`, () => runCase(c, c.grammar ?? data.grammar, data.documents));
    }
  });
}

test('the case files hold at least 40 RAM and 25 AWS cases', () => {
  const counts = { ram: 0, aws: 0 };
  for (const file of files) {
    const data = fileSchema.parse(JSON.parse(readFileSync(join(here, 'testdata', file), 'utf8')));
    for (const c of data.cases) counts[c.grammar ?? data.grammar] += 1;
  }
  assert.ok(counts.ram >= 40, `RAM cases: ${counts.ram}`);
  assert.ok(counts.aws >= 25, `AWS cases: ${counts.aws}`);
});
