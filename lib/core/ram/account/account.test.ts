// The cloud account evaluator: groups, deny across policies, resource-group scope, AWS boundaries,
// assume-role on both sides, who-can with paths and conditions, dangling references named.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { contextFromPairs } from '../policy';
import { buildCloudAccount, canAssumeRole, cloudCanI, cloudWhoCan, naiveCloudWhoCan } from '.';
import type { CloudCanIAnswer } from './types';
import { ACCOUNT_ID, account, allow, attach, fixture, group, policy, role, user } from './testdata/objects';

const CLUSTER = `acs:cs:*:${ACCOUNT_ID}:cluster/c1`;

function canI(
  acct: ReturnType<typeof buildCloudAccount>,
  kind: 'user' | 'role',
  name: string,
  action: string,
  resource: string,
  extra: Partial<Parameters<typeof cloudCanI>[2]> = {},
): CloudCanIAnswer {
  const result = cloudCanI(acct, { kind, name }, { action, resource, ...extra });
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.answer;
}

const pathText = (steps: CloudCanIAnswer['paths'][number]) => steps.map((s) => ('name' in s ? `${s.kind}:${s.name}` : s.kind)).join(' > ');

describe('principal evaluation', () => {
  const acct = buildCloudAccount([
    account(),
    policy('admin-except-billing', fixture('admin-except-billing')),
    policy('deny-ecs-all', fixture('deny-ecs-all')),
    policy('ecs-require-mfa', fixture('ecs-require-mfa')),
    policy('cs-describe', fixture('rrsa-demo-cs-describe-clusters')),
    policy('AliyunCSFullAccess', allow('cs:*'), 'System', 'v3'),
    group('ops', { attachedPolicies: [attach('admin-except-billing')] }),
    group('no-ecs', { attachedPolicies: [attach('deny-ecs-all')] }),
    user('alice', '200000000000000001', { groups: ['ops'] }),
    user('bob', '200000000000000002', { groups: ['ops', 'no-ecs'] }),
    user('carol', '200000000000000003', {
      attachedPolicies: [attach('AliyunCSFullAccess', 'System', { kind: 'resource-group', resourceGroupId: 'rg-1' })],
    }),
    user('dave', '200000000000000004', { attachedPolicies: [attach('ecs-require-mfa')] }),
    user('erin', '200000000000000005', {
      attachedPolicies: [
        attach('AliyunCSFullAccess', 'System'),
        attach('deny-ecs-all', 'Custom', { kind: 'resource-group', resourceGroupId: 'rg-1' }),
      ],
    }),
  ]);

  test('no errors for a consistent account', () => assert.deepEqual(acct.errors, []));

  test('a user is allowed through its group: path user > group > policy', () => {
    const a = canI(acct, 'user', 'alice', 'cs:DeleteCluster', CLUSTER);
    assert.equal(a.decision, 'Allow');
    assert.deepEqual(a.paths.map(pathText), ['CloudUser:alice > CloudGroup:ops > CloudPolicy:admin-except-billing']);
    assert.deepEqual(
      a.statements.map((s) => [s.policy, s.index, s.effect, s.conditions]),
      [['admin-except-billing', 0, 'Allow', 'met']],
    );
  });

  test('a Deny in the same policy wins (bss:* carve-out)', () => {
    const a = canI(acct, 'user', 'alice', 'bss:DescribeOrders', '*');
    assert.equal(a.decision, 'ExplicitDeny');
    assert.deepEqual(a.paths.map(pathText), ['CloudUser:alice > CloudGroup:ops > CloudPolicy:admin-except-billing']);
  });

  test("a Deny in another group's policy beats an Allow", () => {
    const a = canI(acct, 'user', 'bob', 'ecs:DescribeInstances', '*');
    assert.equal(a.decision, 'ExplicitDeny');
    assert.deepEqual(a.paths.map(pathText), ['CloudUser:bob > CloudGroup:no-ecs > CloudPolicy:deny-ecs-all']);
    assert.equal(canI(acct, 'user', 'bob', 'cs:DescribeClusters', '*').decision, 'Allow');
  });

  test('an RG-scoped attachment applies only to requests in that resource group', () => {
    assert.equal(canI(acct, 'user', 'carol', 'cs:DeleteCluster', CLUSTER).decision, 'ImplicitDeny');
    assert.equal(canI(acct, 'user', 'carol', 'cs:DeleteCluster', CLUSTER, { resourceGroupId: 'rg-2' }).decision, 'ImplicitDeny');
    const inRg = canI(acct, 'user', 'carol', 'cs:DeleteCluster', CLUSTER, { resourceGroupId: 'rg-1' });
    assert.equal(inRg.decision, 'Allow');
    const step = inRg.paths[0]?.[1];
    assert.deepEqual(step, {
      kind: 'CloudPolicy',
      type: 'System',
      name: 'AliyunCSFullAccess',
      version: 'v3',
      scope: { kind: 'resource-group', resourceGroupId: 'rg-1' },
    });
  });

  test('an RG-scoped Deny beats an account-scoped Allow inside that group (our choice on open question 1)', () => {
    assert.equal(canI(acct, 'user', 'erin', 'ecs:DescribeInstances', '*').decision, 'ImplicitDeny');
    assert.equal(canI(acct, 'user', 'erin', 'cs:DeleteCluster', CLUSTER, { resourceGroupId: 'rg-1' }).decision, 'Allow');
    const erinAll = buildCloudAccount([
      account(),
      policy('all', allow('*')),
      policy('deny-ecs-all', fixture('deny-ecs-all')),
      user('erin', '1', {
        attachedPolicies: [attach('all'), attach('deny-ecs-all', 'Custom', { kind: 'resource-group', resourceGroupId: 'rg-1' })],
      }),
    ]);
    assert.equal(canI(erinAll, 'user', 'erin', 'ecs:DeleteInstance', '*').decision, 'Allow');
    assert.equal(canI(erinAll, 'user', 'erin', 'ecs:DeleteInstance', '*', { resourceGroupId: 'rg-1' }).decision, 'ExplicitDeny');
  });

  test('conditions: met, not met, unknown without context', () => {
    const withMfa = canI(acct, 'user', 'dave', 'ecs:StartInstance', '*', { context: contextFromPairs([['acs:MFAPresent', 'true']]) });
    assert.equal(withMfa.decision, 'Allow');
    const noMfa = canI(acct, 'user', 'dave', 'ecs:StartInstance', '*', { context: contextFromPairs([]) });
    assert.equal(noMfa.decision, 'ImplicitDeny');
    assert.equal(noMfa.statements[0]?.conditions, 'not-met');
    const unknown = canI(acct, 'user', 'dave', 'ecs:StartInstance', '*');
    assert.equal(unknown.decision, 'ImplicitDeny');
    assert.equal(unknown.conditional, true);
  });

  test('an unknown principal is an error naming it', () => {
    const r = cloudCanI(acct, { kind: 'user', name: 'nobody' }, { action: 'cs:X', resource: '*' });
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, /nobody/);
  });

  test('who-can: users through groups, the group itself, conditional grants with their conditions', () => {
    const answer = cloudWhoCan(acct, { action: 'ecs:StartInstance', resource: '*' });
    const brief = answer.principals.map((p) => `${p.kind}:${p.name}:${p.decision}`);
    assert.deepEqual(brief, ['CloudUser:alice:Allow', 'CloudUser:dave:conditional', 'CloudGroup:ops:Allow']);
    const dave = answer.principals.find((p) => p.name === 'dave');
    assert.deepEqual(dave?.conditions, [
      { policy: 'ecs-require-mfa', index: 0, effect: 'Allow', condition: { Bool: { 'acs:MFAPresent': ['true'] } } },
    ]);
    assert.deepEqual(answer, naiveCloudWhoCan(acct, { action: 'ecs:StartInstance', resource: '*' }));
  });

  test("who-can in a resource group counts that group's attachments", () => {
    const names = (rg?: string) =>
      cloudWhoCan(acct, { action: 'cs:DeleteCluster', resource: CLUSTER, ...(rg ? { resourceGroupId: rg } : {}) }).principals.map(
        (p) => p.name,
      );
    assert.deepEqual(names(), ['alice', 'bob', 'erin', 'ops']);
    assert.deepEqual(names('rg-1'), ['alice', 'bob', 'carol', 'erin', 'ops']);
  });
});

describe('dangling references', () => {
  test('a missing policy, group or boundary is named and grants nothing', () => {
    const acct = buildCloudAccount([
      account(),
      user('frank', '9', { groups: ['ghosts'], attachedPolicies: [attach('gone')] }),
      policy('broken', { Version: '1', Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] }),
      user('gina', '10', { attachedPolicies: [attach('broken')] }),
    ]);
    assert.equal(acct.errors.length, 3);
    assert.match(acct.errors.join('\n'), /user frank: attached policy Custom\/gone is not in the snapshot/);
    assert.match(acct.errors.join('\n'), /user frank: group ghosts is not in the snapshot/);
    assert.match(acct.errors.join('\n'), /policy Custom\/broken/);
    const gina = canI(acct, 'user', 'gina', 'ecs:X', '*');
    assert.equal(gina.decision, 'ImplicitDeny');
    assert.deepEqual(gina.unevaluated, ['broken']);
  });
});

describe('AWS permissions boundary and inline policies', () => {
  const awsId = '111122223333';
  const acct = buildCloudAccount([
    account('aws', awsId),
    policy('S3Boundary', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }, 'Customer'),
    user(
      'ann',
      'AIDA1',
      {
        arn: `arn:aws:iam::${awsId}:user/ann`,
        inlinePolicies: [
          { name: 'admin', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
        ],
        permissionsBoundary: { policyType: 'Customer', policyName: 'S3Boundary' },
      },
      awsId,
    ),
    user(
      'ben',
      'AIDA2',
      {
        arn: `arn:aws:iam::${awsId}:user/ben`,
        permissionsBoundary: { policyType: 'Customer', policyName: 'S3Boundary' },
      },
      awsId,
    ),
  ]);

  test('identity and boundary must both allow', () => {
    const s3 = canI(acct, 'user', 'ann', 's3:GetObject', 'arn:aws:s3:::b/k');
    assert.equal(s3.decision, 'Allow');
    assert.deepEqual(
      s3.statements.map((s) => [s.policy, s.role]),
      [
        ['admin', 'identity'],
        ['S3Boundary', 'boundary'],
      ],
    );
    assert.equal(canI(acct, 'user', 'ann', 'ec2:RunInstances', '*').decision, 'ImplicitDeny');
    assert.equal(canI(acct, 'user', 'ben', 's3:GetObject', '*').decision, 'ImplicitDeny', 'a boundary alone grants nothing');
  });

  test('who-can honours the boundary', () => {
    assert.deepEqual(
      cloudWhoCan(acct, { action: 's3:GetObject', resource: '*' }).principals.map((p) => p.name),
      ['ann'],
    );
    assert.deepEqual(cloudWhoCan(acct, { action: 'ec2:RunInstances', resource: '*' }).principals, []);
  });
});

describe("assume role: the caller's policy and the trust policy must both allow", () => {
  // trust-ram-user.json trusts acs:ram::123456789012****:user/testuser, the account id masked as published.
  const masked = '123456789012****';
  const roleArn = `acs:ram::${masked}:role/deployer`;
  const acct = buildCloudAccount([
    account('alibaba', masked),
    policy('assume-deployer', allow('sts:AssumeRole', roleArn)),
    role('deployer', '300000000000000001', fixture('trust-ram-user'), {}, masked),
    user('testuser', '1', { attachedPolicies: [attach('assume-deployer')] }, masked),
    user('lazy', '2', {}, masked),
    user('other', '3', { attachedPolicies: [attach('assume-deployer')] }, masked),
  ]);

  test('trusted caller with sts:AssumeRole on the role: Allow', () => {
    const a = canAssumeRole(acct, { kind: 'user', name: 'testuser' }, 'deployer');
    assert.ok(!('error' in a));
    assert.equal(a.decision, 'Allow');
    assert.equal(a.trust.decision, 'Allow');
    assert.equal(a.identity.decision, 'Allow');
  });

  test('trusted caller without the identity permission: denied', () => {
    const a = canAssumeRole(acct, { kind: 'user', name: 'lazy' }, 'deployer');
    assert.ok(!('error' in a));
    assert.equal(a.decision, 'ImplicitDeny');
  });

  test('identity permission but not trusted: denied', () => {
    const a = canAssumeRole(acct, { kind: 'user', name: 'other' }, 'deployer');
    assert.ok(!('error' in a));
    assert.equal(a.identity.decision, 'Allow');
    assert.equal(a.trust.decision, 'ImplicitDeny');
    assert.equal(a.decision, 'ImplicitDeny');
  });

  test('an account-root trust admits every identity of that account that has the permission', () => {
    const root = buildCloudAccount([
      account('alibaba', masked),
      policy('assume-any', allow('sts:AssumeRole')),
      role('kube2ram', '4', fixture('trust-ram-account-root'), {}, masked),
      user('u', '5', { attachedPolicies: [attach('assume-any')] }, masked),
    ]);
    const a = canAssumeRole(root, { kind: 'user', name: 'u' }, 'kube2ram');
    assert.ok(!('error' in a));
    assert.equal(a.trust.decision, 'Allow', 'acs:ram::<uid>:root trusts acs:ram::<uid>:user/u');
    assert.equal(a.decision, 'Allow');
  });
});

describe('AWS assume role in the same account', () => {
  const id = '111122223333';
  const trust = (principal: string) => ({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }],
  });
  const acct = buildCloudAccount([
    account('aws', id),
    role('named', 'AROA1', trust(`arn:aws:iam::${id}:user/ann`), { arn: `arn:aws:iam::${id}:role/named` }, id),
    role('rooted', 'AROA2', trust(`arn:aws:iam::${id}:root`), { arn: `arn:aws:iam::${id}:role/rooted` }, id),
    user('ann', 'AIDA1', { arn: `arn:aws:iam::${id}:user/ann` }, id),
  ]);

  test('a trust policy naming the user ARN is enough; one naming the account needs the identity side too', () => {
    const named = canAssumeRole(acct, { kind: 'user', name: 'ann' }, 'named');
    const rooted = canAssumeRole(acct, { kind: 'user', name: 'ann' }, 'rooted');
    assert.ok(!('error' in named) && !('error' in rooted));
    assert.equal(named.decision, 'Allow');
    assert.equal(rooted.trust.decision, 'Allow');
    assert.equal(rooted.decision, 'ImplicitDeny');
  });
});
