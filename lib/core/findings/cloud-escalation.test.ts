// ram.escalation and its edges (escalation-edges.ts), on small accounts built as the collectors
// store them, with real RAM policy documents from fixtures/real-world-ram where one fits: positive,
// negative, conditional, NotAction, Deny-overrides and resource-group-scoped cases, and the AWS names.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { accountFromCloudObjects, cloudAdmins } from '../ram/account';
import { ACCOUNT_ID, account, allow, attach, deny, fixture, group, policy, role, user } from '../ram/account/testdata/objects';
import { decodeCloudObjects } from '../ram/decode-bodies';
import type { JsonObject, StoredObject } from '../snapshot/types';
import { escalationEdges, type EscalationEdge } from './escalation-edges';
import { evaluateCloudFindings } from './evaluate-cloud';
import type { FindingsResult } from './types';

const NOW = new Date('2026-12-01T00:00:00Z');
const RULE = 'ram.escalation';
const ADMIN = policy('AdministratorAccess', allow('*'), 'System');
const ROOT_TRUST: JsonObject = {
  Version: '1',
  Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [`acs:ram::${ACCOUNT_ID}:root`] } }],
};

function run(objects: StoredObject[]): FindingsResult {
  const decoded = decodeCloudObjects(objects);
  return evaluateCloudFindings({ source: 'test', objects: decoded, account: accountFromCloudObjects(decoded), now: NOW, rules: [RULE] });
}

/** The edges of every user and role that is not admin account-wide (as the rule asks). */
function edgesOf(objects: StoredObject[]): EscalationEdge[] {
  const account = accountFromCloudObjects(decodeCloudObjects(objects));
  const skip = new Set(cloudAdmins(account).admins.map((a) => `${a.kind}/${a.name}`));
  return escalationEdges(account, { skip });
}

/** `user alice attach-policy user alice (any-policy)`, `(conditional)` appended when it is. */
const edgeLine = (e: EscalationEdge) =>
  `${e.from.kind} ${e.from.name} ${e.kind} ${e.target.kind} ${e.target.name} (${e.reaches.kind === 'principal' ? `admin: ${e.reaches.admin}` : e.reaches.kind})${e.conditional ? ' (conditional)' : ''}`;

const findingLines = (r: FindingsResult) =>
  r.findings.map(
    (f) =>
      `${f.subject?.kind} ${f.subject?.name} [${f.evidence.map((e) => (e.kind === 'object' ? `${e.field} ${e.object.name}` : e.kind)).join(', ')}]${f.conditional ? ' (conditional)' : ''}`,
  );

describe('ram.escalation', () => {
  test('attach a policy to itself, or to a group it is in: reaches any policy', () => {
    const objects = [
      account(),
      policy('self-attach', allow(['ram:AttachPolicyToUser'], `acs:ram:*:${ACCOUNT_ID}:user/dev`)),
      policy('group-attach', allow('ram:AttachPolicyToGroup', 'acs:ram:*:*:group/ops')),
      group('ops', { attachedPolicies: [attach('group-attach')] }),
      user('dev', '1', { attachedPolicies: [attach('self-attach')] }),
      user('op', '2', { groups: ['ops'] }),
    ];
    assert.deepEqual(edgesOf(objects).map(edgeLine), [
      'user dev attach-policy user dev (any-policy)',
      'user op attach-policy group ops (any-policy)',
    ]);
    const result = run(objects);
    assert.deepEqual(findingLines(result), ['CloudUser dev [escalation attach-policy dev]', 'CloudUser op [escalation attach-policy ops]']);
    const e = result.findings[0]?.evidence[0];
    assert.ok(e?.kind === 'object');
    const value = e.value as { steps: { request: string; decision: string; via: unknown[] }[]; reaches: unknown };
    assert.equal(value.steps[0]?.request, `ram:AttachPolicyToUser on acs:ram::${ACCOUNT_ID}:user/dev`);
    assert.equal(value.steps[0]?.decision, 'Allow');
    assert.deepEqual(value.steps[0]?.via, [
      [
        { kind: 'CloudUser', name: 'dev' },
        { kind: 'CloudPolicy', type: 'Custom', name: 'self-attach', version: 'v1' },
      ],
    ]);
  });

  test("the real ram-manage-accesskeys-alice policy: alice managing her own keys is no edge; bob taking the admin alice's is", () => {
    const keys = policy('ram-manage-accesskeys-alice', fixture('ram-manage-accesskeys-alice'));
    const own = [account(), keys, user('alice', '1', { attachedPolicies: [attach('ram-manage-accesskeys-alice')] })];
    assert.deepEqual(run(own).findings, []);
    const bob = [
      account(),
      keys,
      ADMIN,
      user('alice', '1', { attachedPolicies: [attach('AdministratorAccess', 'System')] }),
      user('bob', '2', { attachedPolicies: [attach('ram-manage-accesskeys-alice')] }),
    ];
    assert.deepEqual(edgesOf(bob).map(edgeLine), ['user bob take-credentials user alice (admin: admin)']);
    const reaches = edgesOf(bob)[0]?.reaches;
    assert.deepEqual(reaches, { kind: 'principal', admin: 'admin', policies: ['System/AdministratorAccess'] });
    // alice is admin: ram.admin-equivalent reports her, this rule does not.
    assert.deepEqual(findingLines(run(bob)), ['CloudUser bob [escalation take-credentials alice]']);
  });

  test('negative: taking the credentials of a user who holds nothing more is no escalation', () => {
    const objects = [
      account(),
      policy('keys', allow('ram:CreateAccessKey')),
      policy('reader', fixture('readonly-except-billing')),
      user('helpdesk', '1', { attachedPolicies: [attach('keys'), attach('reader')] }),
      user('intern', '2', { attachedPolicies: [attach('reader')] }),
    ];
    assert.deepEqual(
      edgesOf(objects).filter((e) => e.kind === 'take-credentials'),
      [],
    );
  });

  test('conditional: attaching only with MFA is a conditional edge naming the condition', () => {
    const objects = [
      account(),
      policy('attach-mfa', allow('ram:AttachPolicyToUser', '*', { Bool: { 'acs:MFAPresent': 'true' } })),
      user('dev', '1', { attachedPolicies: [attach('attach-mfa')] }),
    ];
    const [edge] = edgesOf(objects);
    assert.equal(edge?.conditional, true);
    assert.deepEqual(edge?.steps[0]?.conditions, [
      { policy: 'attach-mfa', index: 0, effect: 'Allow', condition: { Bool: { 'acs:MFAPresent': ['true'] } } },
    ]);
    assert.deepEqual(findingLines(run(objects)), ['CloudUser dev [escalation attach-policy dev] (conditional)']);
  });

  test('NotAction ram:* (everything but RAM) assumes an admin role that trusts the account; the ECS-trusted admin role stays out of reach (no ram:PassRole)', () => {
    const allButRam: JsonObject = { Version: '1', Statement: [{ Effect: 'Allow', NotAction: 'ram:*', Resource: '*' }] };
    const objects = [
      account(),
      ADMIN,
      policy('all-but-ram', allButRam),
      role('ops-admin', 'r1', ROOT_TRUST, { attachedPolicies: [attach('AdministratorAccess', 'System')] }),
      role('ecs-admin', 'r2', fixture('trust-service-ecs'), { attachedPolicies: [attach('AdministratorAccess', 'System')] }),
      user('power', '1', { attachedPolicies: [attach('all-but-ram')] }),
    ];
    // ram:PassRole is a RAM action: NotAction ram:* does not allow it, so ecs-admin is out of reach.
    assert.deepEqual(edgesOf(objects).map(edgeLine), ['user power assume-role role ops-admin (admin: admin)']);
    const [edge] = edgesOf(objects);
    assert.deepEqual(
      edge?.steps.map((s) => `${s.side} ${s.action} ${s.decision}`),
      ['identity sts:AssumeRole Allow', 'trust sts:AssumeRole Allow'],
    );
  });

  test('pass-role: ram:PassRole on the role plus the real karpenter ecs:RunInstances; karpenter alone is no edge', () => {
    const base = [
      account(),
      ADMIN,
      policy('karpenter-alibabacloud', fixture('karpenter-alibabacloud')),
      policy('pass-any', allow('ram:PassRole')),
      role('ecs-admin', 'r1', fixture('trust-service-ecs'), { attachedPolicies: [attach('AdministratorAccess', 'System')] }),
    ];
    const alone = [
      ...base,
      role('karpenter', 'r2', fixture('trust-service-ecs'), { attachedPolicies: [attach('karpenter-alibabacloud')] }),
    ];
    assert.deepEqual(edgesOf(alone), []);
    const passing = [
      ...base,
      role('karpenter', 'r2', fixture('trust-service-ecs'), { attachedPolicies: [attach('karpenter-alibabacloud'), attach('pass-any')] }),
    ];
    const edges = edgesOf(passing);
    assert.deepEqual(edges.map(edgeLine), ['role karpenter pass-role role ecs-admin (admin: admin)']);
    assert.deepEqual(
      edges[0]?.steps.map((s) => `${s.side} ${s.action} on ${s.resource}`),
      [
        `identity ram:PassRole on acs:ram::${ACCOUNT_ID}:role/ecs-admin`,
        'identity ecs:RunInstances on *',
        `trust sts:AssumeRole on acs:ram::${ACCOUNT_ID}:role/ecs-admin`,
      ],
    );
  });

  test('Deny overrides: the real rd-control-policy-protect-role denies rewriting the protected role trust', () => {
    const objects = [
      account(),
      ADMIN,
      policy('role-ops', allow(['ram:UpdateRole', 'sts:AssumeRole'])),
      policy('rd-control-policy-protect-role', fixture('rd-control-policy-protect-role')),
      role('ResourceDirectoryAccountAccessRole', 'r1', fixture('trust-service-ecs'), {
        attachedPolicies: [attach('AdministratorAccess', 'System')],
      }),
      role('other-admin', 'r2', fixture('trust-service-ecs'), { attachedPolicies: [attach('AdministratorAccess', 'System')] }),
      user('ops', '1', { attachedPolicies: [attach('role-ops'), attach('rd-control-policy-protect-role')] }),
    ];
    assert.deepEqual(edgesOf(objects).map(edgeLine), ['user ops update-trust role other-admin (admin: admin)']);
  });

  test('rewrite-policy and join-group: a new version of a policy it holds; joining the admin group', () => {
    const objects = [
      account(),
      ADMIN,
      policy(
        'self-managed',
        allow(['ram:CreatePolicyVersion', 'ram:AddUserToGroup'], ['acs:ram:*:*:policy/self-managed', 'acs:ram:*:*:group/admins']),
      ),
      group('admins', { attachedPolicies: [attach('AdministratorAccess', 'System')] }),
      user('dev', '1', { attachedPolicies: [attach('self-managed')] }),
    ];
    assert.deepEqual(edgesOf(objects).map(edgeLine), [
      'user dev rewrite-policy policy self-managed (any-policy)',
      'user dev join-group group admins (admin: admin)',
    ]);
  });

  test('resource-group scope: ram:* attached in a resource group grants no edge (RAM identities are in no group)', () => {
    const objects = [
      account(),
      policy('ram-full', allow('ram:*')),
      user('rg-ram', '1', { attachedPolicies: [attach('ram-full', 'Custom', { kind: 'resource-group', resourceGroupId: 'rg-1' })] }),
    ];
    assert.deepEqual(run(objects).findings, []);
  });

  test('admins are left to ram.admin-equivalent; a deny on every RAM write leaves ram:* with nothing', () => {
    const objects = [
      account(),
      ADMIN,
      policy('ram-full', allow('ram:*')),
      policy('no-ram-writes', deny(['ram:Attach*', 'ram:Create*', 'ram:Update*', 'ram:Add*', 'ram:Set*', 'ram:PassRole'])),
      user('root-like', '1', { attachedPolicies: [attach('AdministratorAccess', 'System')] }),
      user('ram-reader', '2', { attachedPolicies: [attach('ram-full'), attach('no-ram-writes')] }),
    ];
    assert.deepEqual(run(objects).findings, []);
  });
});

describe('ram.escalation on AWS IAM', () => {
  const AWS = '111122223333';
  const doc = (statements: JsonObject[]): JsonObject => ({ Version: '2012-10-17', Statement: statements });
  const awsUser = (name: string, id: string, opts: object) =>
    user(name, id, { arn: `arn:aws:iam::${AWS}:user/${name}`, credentialsReported: false, ...opts }, AWS);
  test('iam:PutUserPolicy on itself, iam:CreatePolicyVersion on a customer policy it holds (by its ARN)', () => {
    const objects = [
      account('aws', AWS),
      {
        ...policy(
          'deployer',
          doc([
            {
              Effect: 'Allow',
              Action: ['iam:PutUserPolicy', 'iam:CreatePolicyVersion'],
              Resource: [`arn:aws:iam::${AWS}:user/ci`, `arn:aws:iam::${AWS}:policy/deployer`],
            },
          ]),
          'Customer',
        ),
      },
      awsUser('ci', 'AIDA1', { attachedPolicies: [attach('deployer', 'Customer')] }),
    ];
    assert.deepEqual(edgesOf(objects).map(edgeLine), [
      'user ci put-inline-policy user ci (any-policy)',
      'user ci rewrite-policy policy deployer (any-policy)',
    ]);
    assert.deepEqual(findingLines(run(objects)), ['CloudUser ci [escalation put-inline-policy ci, escalation rewrite-policy deployer]']);
  });
  test('iam:PassRole with ec2:RunInstances to a role EC2 may assume', () => {
    const ec2Trust = doc([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    const objects = [
      account('aws', AWS),
      policy('AdministratorAccess', doc([{ Effect: 'Allow', Action: '*', Resource: '*' }]), 'AWS'),
      policy('launcher', doc([{ Effect: 'Allow', Action: ['iam:PassRole', 'ec2:RunInstances'], Resource: '*' }]), 'Customer'),
      role(
        'ec2-admin',
        'AROA1',
        ec2Trust,
        { arn: `arn:aws:iam::${AWS}:role/ec2-admin`, attachedPolicies: [attach('AdministratorAccess', 'AWS')] },
        AWS,
      ),
      awsUser('launch', 'AIDA2', { attachedPolicies: [attach('launcher', 'Customer')] }),
    ];
    assert.deepEqual(edgesOf(objects).map(edgeLine), ['user launch pass-role role ec2-admin (admin: admin)']);
  });
});
