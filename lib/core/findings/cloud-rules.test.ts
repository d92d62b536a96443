// The cloud rules, each on small accounts built as the collectors store them, with real RAM policy
// documents from fixtures/real-world-ram: positive, negative and, where the rule asks the engine,
// conditional, NotAction, Deny-overrides and resource-group-scoped cases.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { accountFromCloudObjects } from '../ram/account';
import { account, allow, attach, deny, fixture, group, policy, role, user } from '../ram/account/testdata/objects';
import { decodeCloudObjects } from '../ram/decode-bodies';
import type { JsonObject, StoredObject } from '../snapshot/types';
import { evaluateCloudFindings } from './evaluate-cloud';
import { findingId } from './fingerprint';
import type { Finding, FindingsResult } from './types';

const NOW = new Date('2026-12-01T00:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 3600 * 1000).toISOString();

function run(rule: string, objects: StoredObject[]): FindingsResult {
  const decoded = decodeCloudObjects(objects);
  return evaluateCloudFindings({ source: 'test', objects: decoded, account: accountFromCloudObjects(decoded), now: NOW, rules: [rule] });
}

/** `CloudUser alice [object] @scope`, with ` (conditional)` for conditional findings. */
function lines(result: FindingsResult): string[] {
  return result.findings.map(
    (f) =>
      `${f.subject?.kind} ${f.subject?.name}${f.object ? ` ${f.object.kind} ${f.object.name}` : ''} @${f.scope}${f.conditional ? ' (conditional)' : ''}`,
  );
}

function only(result: FindingsResult): Finding {
  assert.equal(result.findings.length, 1, JSON.stringify(lines(result)));
  return result.findings[0] as Finding;
}

const fields = (f: Finding) => f.evidence.map((e) => (e.kind === 'object' ? `${e.object.kind} ${e.object.name} ${e.field}` : e.kind));

const ADMIN = policy('AdministratorAccess', allow('*'), 'System');
const ALL_BUT_RAM: JsonObject = { Version: '1', Statement: [{ Effect: 'Allow', NotAction: 'ram:*', Resource: '*' }] };

describe('ram.admin-equivalent', () => {
  const rule = 'ram.admin-equivalent';
  test('a system policy through a group: admin, with the statement and the path', () => {
    const f = only(
      run(rule, [
        account(),
        ADMIN,
        group('admins', { attachedPolicies: [attach('AdministratorAccess', 'System')] }),
        user('alice', '1', { groups: ['admins'] }),
      ]),
    );
    assert.deepEqual(lines({ findings: [f], notEvaluated: [] }), ['CloudUser alice @account']);
    assert.equal(f.severity, 'critical');
    assert.equal(f.id, findingId(rule, { kind: 'CloudUser', name: 'alice' }, null, 'account'));
    const first = f.evidence[0];
    assert.ok(first?.kind === 'object');
    assert.deepEqual(first.value, {
      effect: 'Allow',
      via: [
        [
          { kind: 'CloudUser', name: 'alice' },
          { kind: 'CloudGroup', name: 'admins' },
          { kind: 'CloudPolicy', type: 'System', name: 'AdministratorAccess' },
        ],
      ],
    });
    assert.ok(fields(f).includes('CloudUser alice admin probes'));
  });
  test('negative: a read-only policy is not admin; nor is everything but RAM (NotAction ram:*)', () => {
    const result = run(rule, [
      account(),
      policy('readonly-except-billing', fixture('readonly-except-billing')),
      policy('all-but-ram', ALL_BUT_RAM),
      user('reader', '1', { attachedPolicies: [attach('readonly-except-billing')] }),
      user('power', '2', { attachedPolicies: [attach('all-but-ram')] }),
    ]);
    assert.deepEqual(lines(result), []);
  });
  test('NotAction ram:* plus ram:* is admin; the real admin-except-billing (Deny bss:*) is too', () => {
    const result = run(rule, [
      account(),
      policy('all-but-ram', ALL_BUT_RAM),
      policy('ram-full', allow('ram:*')),
      policy('admin-except-billing', fixture('admin-except-billing')),
      user('power-plus-ram', '1', { attachedPolicies: [attach('all-but-ram'), attach('ram-full')] }),
      role('ops', 'r1', fixture('trust-ram-account-root'), { attachedPolicies: [attach('admin-except-billing')] }),
    ]);
    assert.deepEqual(lines(result), ['CloudRole ops @account', 'CloudUser power-plus-ram @account']);
  });
  test('Deny overrides: AdministratorAccess with a deny-all policy is not admin', () => {
    const result = run(rule, [
      account(),
      ADMIN,
      policy('deny-all', deny('*')),
      user('denied', '1', { attachedPolicies: [attach('AdministratorAccess', 'System'), attach('deny-all')] }),
    ]);
    assert.deepEqual(lines(result), []);
  });
  test('conditional: admin only with MFA, reported as conditional with the condition', () => {
    const denyUnlessMfa: JsonObject = {
      Version: '1',
      Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'acs:MFAPresent': 'false' } } }],
    };
    const f = only(
      run(rule, [
        account(),
        ADMIN,
        policy('deny-unless-mfa', denyUnlessMfa),
        user('mfa-admin', '1', { attachedPolicies: [attach('AdministratorAccess', 'System'), attach('deny-unless-mfa')] }),
      ]),
    );
    assert.equal(f.conditional, true);
    const condition = f.evidence.find((e) => e.kind === 'object' && e.field === 'Statement[0].Condition');
    assert.ok(condition?.kind === 'object');
    assert.deepEqual(condition.value, { effect: 'Deny', condition: { Bool: { 'acs:MFAPresent': ['false'] } } });
  });
  test('resource-group scope: admin only inside its group', () => {
    const result = run(rule, [
      account(),
      ADMIN,
      user('rg-admin', '1', {
        attachedPolicies: [attach('AdministratorAccess', 'System', { kind: 'resource-group', resourceGroupId: 'rg-1' })],
      }),
    ]);
    assert.deepEqual(lines(result), ['CloudUser rg-admin @resource-group:rg-1']);
  });
});

describe('ram.data-on-star', () => {
  const rule = 'ram.data-on-star';
  test('real read-only policy (*:Get* on *): data access, with the statement that allows it', () => {
    const f = only(
      run(rule, [
        account(),
        policy('readonly-except-billing', fixture('readonly-except-billing')),
        user('reader', '1', { attachedPolicies: [attach('readonly-except-billing')] }),
      ]),
    );
    assert.deepEqual(lines({ findings: [f], notEvaluated: [] }), ['CloudUser reader ActionCategory data-access @account']);
    const first = f.evidence[0];
    assert.ok(first?.kind === 'object');
    assert.equal(first.field, 'Statement[0]');
    assert.equal((first.value as { request: string }).request, 'oss:GetObject on *');
  });
  test('NotAction ram:* on *: both categories (oss:PutBucketAcl is not RAM)', () => {
    const result = run(rule, [
      account(),
      policy('all-but-ram', ALL_BUT_RAM),
      user('power', '1', { attachedPolicies: [attach('all-but-ram')] }),
    ]);
    assert.deepEqual(lines(result), [
      'CloudUser power ActionCategory data-access @account',
      'CloudUser power ActionCategory permissions-management @account',
    ]);
  });
  test('negative: named buckets, a condition, or a Deny', () => {
    const result = run(rule, [
      account(),
      policy('oss-bucket-full', fixture('oss-bucket-full')),
      policy('oss-with-mfa', allow('oss:*', '*', { Bool: { 'acs:MFAPresent': 'true' } })),
      policy('oss-all', allow('oss:*')),
      policy('deny-oss', deny('oss:*')),
      user('bucket', '1', { attachedPolicies: [attach('oss-bucket-full')] }),
      user('mfa', '2', { attachedPolicies: [attach('oss-with-mfa')] }),
      user('denied', '3', { attachedPolicies: [attach('oss-all'), attach('deny-oss')] }),
    ]);
    assert.deepEqual(lines(result), []);
  });
  test('admins are left to ram.admin-equivalent', () => {
    assert.deepEqual(
      lines(run(rule, [account(), ADMIN, user('root-like', '1', { attachedPolicies: [attach('AdministratorAccess', 'System')] })])),
      [],
    );
  });
});

describe('ram.trust-open', () => {
  const rule = 'ram.trust-open';
  const trust = (principal: JsonObject, condition?: JsonObject): JsonObject => ({
    Version: '1',
    Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: principal, ...(condition ? { Condition: condition } : {}) }],
  });
  test('any account, another account without a condition, an RRSA trust without oidc:sub', () => {
    const result = run(rule, [
      account(),
      role('any', 'r1', trust({ RAM: '*' })),
      role('cross', 'r2', fixture('trust-cross-account-source')),
      role(
        'rrsa-any-sa',
        'r3',
        trust({ Federated: 'acs:ram::1234567890123456:oidc-provider/ack-rrsa-c1' }, { StringEquals: { 'oidc:aud': 'sts.aliyuncs.com' } }),
      ),
    ]);
    assert.deepEqual(lines(result), ['CloudRole any @account', 'CloudRole cross @account', 'CloudRole rrsa-any-sa @account']);
    const rrsa = result.findings.find((f) => f.subject?.name === 'rrsa-any-sa');
    const e = rrsa?.evidence[0];
    assert.ok(e?.kind === 'object');
    assert.match((e.value as { reason: string }).reason, /no subject \(oidc:sub\) condition/);
  });
  test('negative: own account root, another account with a condition, a service, a narrow RRSA trust', () => {
    const result = run(rule, [
      account(),
      role('own', 'r1', trust({ RAM: 'acs:ram::1234567890123456:root' })),
      role('cross-mfa', 'r2', trust({ RAM: 'acs:ram::9999999999999999:root' }, { Bool: { 'acs:MFAPresent': 'true' } })),
      role('ecs', 'r3', fixture('trust-service-ecs')),
      role('rrsa', 'r4', fixture('rrsa-trust-associate-role')),
    ]);
    assert.deepEqual(lines(result), []);
  });
  test('the ack-ram-tool README trust: another account root (masked) in its first statement', () => {
    const f = only(run(rule, [account(), role('readme', 'r1', fixture('rrsa-trust-ack-ram-tool-readme'))]));
    assert.deepEqual(fields(f), ['CloudRole readme trustPolicy.Statement[0]']);
  });
});

describe('credential rules', () => {
  const key = (id: string, status: 'Active' | 'Inactive', created: number, lastUsed?: number) => ({
    accessKeyId: id,
    status,
    createDate: daysAgo(created),
    ...(lastUsed === undefined ? {} : { lastUsedDate: daysAgo(lastUsed) }),
  });
  const users = [
    account(),
    user('old', '1', { accessKeys: [key('AK-OLD', 'Active', 91, 1)] }),
    user('fresh', '2', { accessKeys: [key('AK-FRESH', 'Active', 89, 1), key('AK-DEAD', 'Inactive', 400)] }),
    user('idle', '3', { accessKeys: [key('AK-IDLE', 'Active', 10, 0), key('AK-IDLE2', 'Active', 200, 100)] }),
    user('never', '4', { accessKeys: [key('AK-NEVER', 'Active', 100)] }),
    user('new', '5', { accessKeys: [key('AK-NEW', 'Active', 10)] }),
  ];
  test('ram.accesskey-old: active keys past 90 days only', () => {
    assert.deepEqual(lines(run('ram.accesskey-old', users)), [
      'CloudUser idle AccessKey AK-IDLE2 @account',
      'CloudUser never AccessKey AK-NEVER @account',
      'CloudUser old AccessKey AK-OLD @account',
    ]);
  });
  test('ram.accesskey-unused: last used 90+ days ago, or never and created 90+ days ago', () => {
    const result = run('ram.accesskey-unused', users);
    assert.deepEqual(lines(result), ['CloudUser idle AccessKey AK-IDLE2 @account', 'CloudUser never AccessKey AK-NEVER @account']);
    const never = result.findings.find((f) => f.subject?.name === 'never')?.evidence[0];
    assert.ok(never?.kind === 'object');
    assert.deepEqual(never.value, { lastUsedDate: null, createDate: daysAgo(100), idleDays: 100 });
  });
  test('ram.multiple-accesskeys: more than one active key; an inactive one does not count', () => {
    assert.deepEqual(lines(run('ram.multiple-accesskeys', users)), ['CloudUser idle @account']);
  });
  test('ram.console-without-mfa: enabled login without MFA only', () => {
    const result = run('ram.console-without-mfa', [
      account(),
      user('no-mfa', '1', { loginProfile: { enabled: true } }),
      user('mfa', '2', { loginProfile: { enabled: true }, mfaEnabled: true }),
      user('disabled', '3', { loginProfile: { enabled: false } }),
      user('api-only', '4'),
    ]);
    assert.deepEqual(lines(result), ['CloudUser no-mfa @account']);
  });
  test('a source without credentials (AWS authorization details): not evaluated, never passed', () => {
    const result = evaluateCloudFindings({
      source: 'aws',
      ...(() => {
        const objects = decodeCloudObjects([
          account('aws', '111122223333'),
          user('a', '1', { credentialsReported: false, loginProfile: { enabled: true } }),
        ]);
        return { objects, account: accountFromCloudObjects(objects) };
      })(),
      now: NOW,
      rules: ['ram.console-without-mfa', 'ram.accesskey-old', 'ram.accesskey-unused', 'ram.multiple-accesskeys'],
    });
    assert.deepEqual(result.findings, []);
    assert.deepEqual(
      result.notEvaluated.map((n) => n.rule),
      ['ram.console-without-mfa', 'ram.accesskey-old', 'ram.accesskey-unused', 'ram.multiple-accesskeys'],
    );
    assert.match(result.notEvaluated[0]?.reason ?? '', /does not report credentials/);
  });
});

describe('ram.policy-on-user', () => {
  test('direct attachments at their scope; group attachments are not reported', () => {
    const result = run('ram.policy-on-user', [
      account(),
      ADMIN,
      policy('ecs-require-mfa', fixture('ecs-require-mfa')),
      group('ops', { attachedPolicies: [attach('AdministratorAccess', 'System')] }),
      user('direct', '1', {
        attachedPolicies: [
          attach('ecs-require-mfa'),
          attach('AdministratorAccess', 'System', { kind: 'resource-group', resourceGroupId: 'rg-9' }),
        ],
      }),
      user('grouped', '2', { groups: ['ops'] }),
    ]);
    assert.deepEqual(lines(result), [
      'CloudUser direct CloudPolicy ecs-require-mfa @account',
      'CloudUser direct CloudPolicy AdministratorAccess @resource-group:rg-9',
    ]);
  });
});
