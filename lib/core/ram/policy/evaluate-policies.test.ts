// evaluatePolicies rules that the data-driven cases do not pin on their own: fail-closed unknown
// operators, the `conditional` flag in every direction, and grammar mixing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluatePolicies } from './evaluate-policies';
import { parsePolicy } from './parse-policy';
import type { NamedPolicy, PolicyGrammar } from './types';

function policy(name: string, statements: unknown[], grammar: PolicyGrammar = 'ram'): NamedPolicy {
  const parsed = parsePolicy({ Version: grammar === 'ram' ? '1' : '2012-10-17', Statement: statements }, grammar);
  if (!parsed.ok) throw new Error(parsed.error);
  return { name, policy: parsed.policy };
}

const req = { action: 'ecs:StopInstance', resource: 'acs:ecs:cn-hangzhou:1:instance/i-1' };
const ctx = new Map([['ecs:tag/team', ['dev']]]);

test('an unknown operator never lets an Allow grant, even with a matching context', () => {
  const p = policy('p', [
    { Effect: 'Allow', Action: 'ecs:*', Resource: '*', Condition: { StringEqualsIfExists: { 'ecs:tag/team': 'dev' } } },
  ]);
  const r = evaluatePolicies([p], { ...req, context: ctx }, 'ram');
  assert.equal(r.decision, 'ImplicitDeny');
  assert.equal(r.statements[0]?.conditions, 'not-met');
  assert.equal(evaluatePolicies([p], req, 'ram').conditional, false);
});

test('an unknown operator never lifts a Deny: the Deny applies when its known conditions hold', () => {
  const allow = policy('a', [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
  const deny = policy('d', [
    { Effect: 'Deny', Action: 'ecs:*', Resource: '*', Condition: { Frobnicate: { x: 'y' }, StringEquals: { 'ecs:tag/team': 'dev' } } },
  ]);
  assert.equal(evaluatePolicies([allow, deny], { ...req, context: ctx }, 'ram').decision, 'ExplicitDeny');
  assert.equal(evaluatePolicies([allow, deny], { ...req, context: new Map([['ecs:tag/team', ['ops']]]) }, 'ram').decision, 'Allow');
});

test('conditional: set only when an unknown condition could flip allowed / not allowed', () => {
  const allow = policy('a', [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
  const condAllow = policy('ca', [{ Effect: 'Allow', Action: 'ecs:*', Resource: '*', Condition: { Bool: { 'acs:MFAPresent': 'true' } } }]);
  const deny = policy('d', [{ Effect: 'Deny', Action: 'ecs:*', Resource: '*' }]);
  const condDeny = policy('cd', [
    { Effect: 'Deny', Action: 'ecs:*', Resource: '*', Condition: { Bool: { 'acs:SecureTransport': 'false' } } },
  ]);
  const cases: [NamedPolicy[], string, boolean][] = [
    [[condAllow], 'ImplicitDeny', true],
    [[allow, condAllow], 'Allow', false],
    [[allow, condDeny], 'Allow', true],
    [[deny, condAllow], 'ExplicitDeny', false],
    [[condDeny], 'ImplicitDeny', false],
    [[], 'ImplicitDeny', false],
  ];
  for (const [policies, decision, conditional] of cases) {
    const r = evaluatePolicies(policies, req, 'ram');
    assert.equal(r.decision, decision, policies.map((p) => p.name).join('+'));
    assert.equal(r.conditional, conditional, policies.map((p) => p.name).join('+'));
  }
});

test('every matching statement carries its policy, type, version, sid and condition block', () => {
  const p = policy(
    'p',
    [{ Sid: 'tag', Effect: 'Allow', Action: 'ecs:*', Resource: '*', Condition: { StringEquals: { 'ecs:tag/team': 'dev' } } }],
    'aws',
  );
  const r = evaluatePolicies([{ ...p, type: 'Customer', version: 'v3' }], { ...req, context: ctx }, 'aws');
  assert.deepEqual(r.statements, [
    {
      policy: 'p',
      policyType: 'Customer',
      version: 'v3',
      index: 0,
      sid: 'tag',
      effect: 'Allow',
      conditions: 'met',
      condition: { StringEquals: { 'ecs:tag/team': ['dev'] } },
    },
  ]);
});

test('a policy parsed with one grammar is refused by the other', () => {
  const p = policy('p', [{ Effect: 'Allow', Action: '*', Resource: '*' }], 'aws');
  assert.throws(() => evaluatePolicies([p], req, 'ram'), /parsed with the aws grammar, evaluated as ram/);
});
