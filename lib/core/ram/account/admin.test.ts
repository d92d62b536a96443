// Admin decided by the engine (admin.ts): every verdict is what cloudCanI answers for the probes,
// so Deny, NotAction, resource-group scope, AWS boundaries and conditions count as they do there.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectFromAwsAuthorizationDetails } from '../../../collect/aws';
import { collectFromRamFiles } from '../../../collect/ram';
import type { CollectResult, JsonObject, StoredObject } from '../../snapshot/types';
import { adminProbes, adminVerdict, buildCloudAccount, cloudAdmins, cloudCanI, type CloudAccount } from '.';
import { ACCOUNT_ID, account, allow, attach, deny, fixture, group, policy, role, user } from './testdata/objects';

function verdict(acct: CloudAccount, kind: 'user' | 'role', name: string) {
  const principal = kind === 'user' ? acct.users.get(name) : acct.roles.get(name);
  assert.ok(principal, `${kind} ${name}`);
  return adminVerdict(acct, principal);
}

/** Each probe's decision in the verdict is cloudCanI's for the same request. */
function assertAgreesWithCanI(acct: CloudAccount, kind: 'user' | 'role', name: string): void {
  for (const p of verdict(acct, kind, name).probes) {
    const answer = cloudCanI(acct, { kind, name }, p.request);
    assert.ok(answer.ok);
    assert.deepEqual(
      [p.decision, p.conditional],
      [answer.answer.decision, answer.answer.conditional],
      `${name}: ${p.request.action} ${p.request.resource}`,
    );
  }
}

const denyAllUnlessMfa: JsonObject = {
  Version: '1',
  Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'acs:MFAPresent': 'false' } } }],
};

describe('RAM: admin, conditional admin and not admin', () => {
  const acct = buildCloudAccount([
    account(),
    policy('AdministratorAccess', allow('*'), 'System'),
    policy('deny-all', deny('*')),
    policy('all-but-ram', { Version: '1', Statement: [{ Effect: 'Allow', NotAction: 'ram:*', Resource: '*' }] }),
    policy('ram-full', allow('ram:*')),
    policy('deny-ram-arns', deny('ram:*', 'acs:ram:*:*:*')),
    policy('deny-unless-mfa', denyAllUnlessMfa),
    policy('admin-except-billing', fixture('admin-except-billing')),
    group('admins', { attachedPolicies: [attach('AdministratorAccess', 'System')] }),
    user('root-like', '1', { attachedPolicies: [attach('AdministratorAccess', 'System')] }),
    user('allow-and-deny', '2', { attachedPolicies: [attach('AdministratorAccess', 'System'), attach('deny-all')] }),
    user('power', '3', { attachedPolicies: [attach('all-but-ram')] }),
    user('power-plus-ram', '4', { attachedPolicies: [attach('all-but-ram'), attach('ram-full')] }),
    user('no-ram-by-arn', '5', { attachedPolicies: [attach('AdministratorAccess', 'System'), attach('deny-ram-arns')] }),
    user('mfa-admin', '6', { attachedPolicies: [attach('AdministratorAccess', 'System'), attach('deny-unless-mfa')] }),
    user('rg-admin', '7', {
      attachedPolicies: [attach('AdministratorAccess', 'System', { kind: 'resource-group', resourceGroupId: 'rg-1' })],
    }),
    user('rg-denied', '8', {
      groups: ['admins'],
      attachedPolicies: [attach('deny-all', 'Custom', { kind: 'resource-group', resourceGroupId: 'rg-1' })],
    }),
    user('billing', '9', { attachedPolicies: [attach('admin-except-billing')] }),
    role('ops', 'r1', fixture('trust-ram-account-root'), { attachedPolicies: [attach('AdministratorAccess', 'System')] }),
  ]);

  test('AdministratorAccess is admin, with the statement that grants it', () => {
    const v = verdict(acct, 'user', 'root-like');
    assert.equal(v.status, 'admin');
    assert.deepEqual(v.grants, [{ policyType: 'System', policyName: 'AdministratorAccess', statements: [0] }]);
    assert.ok(v.probes.every((p) => p.decision === 'Allow' && !p.conditional));
    assertAgreesWithCanI(acct, 'user', 'root-like');
  });

  test('allow-all plus deny-all is not admin: can-i says ExplicitDeny for every probe', () => {
    const v = verdict(acct, 'user', 'allow-and-deny');
    assert.equal(v.status, 'not-admin');
    assert.deepEqual(v.grants, []);
    assert.ok(v.probes.every((p) => p.decision === 'ExplicitDeny'));
    assertAgreesWithCanI(acct, 'user', 'allow-and-deny');
    const asked = cloudCanI(acct, { kind: 'user', name: 'allow-and-deny' }, { action: 'ram:AttachPolicyToUser', resource: '*' });
    assert.ok(asked.ok);
    assert.equal(asked.answer.decision, 'ExplicitDeny');
  });

  test('NotAction ram:* (everything but RAM) is not admin; with ram:* added it is, naming both policies', () => {
    const power = verdict(acct, 'user', 'power');
    assert.equal(power.status, 'not-admin');
    assert.deepEqual(
      power.probes.map((p) => [p.request.action, p.decision]),
      [
        ['accessatlasprobe:AnyAction', 'Allow'],
        ['accessatlasprobe:AnyAction', 'Allow'],
        ['ram:CreateUser', 'ImplicitDeny'],
        ['ram:CreateUser', 'ImplicitDeny'],
        ['ram:AttachPolicyToUser', 'ImplicitDeny'],
        ['ram:AttachPolicyToUser', 'ImplicitDeny'],
      ],
    );
    assertAgreesWithCanI(acct, 'user', 'power');
    const plus = verdict(acct, 'user', 'power-plus-ram');
    assert.equal(plus.status, 'admin');
    assert.deepEqual(
      plus.grants.map((g) => g.policyName),
      ['all-but-ram', 'ram-full'],
    );
  });

  test('a Deny on RAM resources by ARN is not admin, though can-i on `*` alone would allow', () => {
    assert.equal(verdict(acct, 'user', 'no-ram-by-arn').status, 'not-admin');
    const onStar = cloudCanI(acct, { kind: 'user', name: 'no-ram-by-arn' }, { action: 'ram:CreateUser', resource: '*' });
    assert.ok(onStar.ok);
    assert.equal(onStar.answer.decision, 'Allow');
    assertAgreesWithCanI(acct, 'user', 'no-ram-by-arn');
  });

  test('Deny everything without MFA: admin only under that condition, with the Deny named', () => {
    const v = verdict(acct, 'user', 'mfa-admin');
    assert.equal(v.status, 'conditional');
    assert.deepEqual(v.conditions, [
      { policy: 'deny-unless-mfa', index: 0, effect: 'Deny', condition: { Bool: { 'acs:MFAPresent': ['false'] } } },
    ]);
    assert.deepEqual(
      v.grants.map((g) => g.policyName),
      ['AdministratorAccess'],
    );
    assertAgreesWithCanI(acct, 'user', 'mfa-admin');
  });

  test('resource-group scope: an RG-scoped grant is not admin; an RG-scoped Deny does not undo an account-wide grant', () => {
    assert.equal(verdict(acct, 'user', 'rg-admin').status, 'not-admin');
    const v = verdict(acct, 'user', 'rg-denied');
    assert.equal(v.status, 'admin');
    assert.deepEqual(v.grants, [{ policyType: 'System', policyName: 'AdministratorAccess', viaGroup: 'admins', statements: [0] }]);
  });

  test('cloudAdmins lists users then roles, admins and conditional admins apart', () => {
    const { admins, conditional } = cloudAdmins(acct);
    assert.deepEqual(
      admins.map((a) => `${a.kind}/${a.name}`),
      ['CloudUser/root-like', 'CloudUser/power-plus-ram', 'CloudUser/rg-denied', 'CloudUser/billing', 'CloudRole/ops'],
    );
    assert.deepEqual(
      conditional.map((a) => [a.name, a.conditions?.length]),
      [['mfa-admin', 1]],
    );
  });

  test('the probes: each action on `*` and on an ARN of this account no policy names', () => {
    assert.deepEqual(
      adminProbes(acct).filter((p) => p.resource !== '*'),
      [
        { action: 'accessatlasprobe:AnyAction', resource: `acs:accessatlasprobe::${ACCOUNT_ID}:probe/access-atlas-admin-probe` },
        { action: 'ram:CreateUser', resource: `acs:ram::${ACCOUNT_ID}:user/access-atlas-admin-probe` },
        { action: 'ram:AttachPolicyToUser', resource: `acs:ram::${ACCOUNT_ID}:user/access-atlas-admin-probe` },
      ],
    );
  });
});

describe('AWS: permissions boundaries and inline policies', () => {
  const ID = '123456789012';
  const doc = (...statements: JsonObject[]): JsonObject => ({ Version: '2012-10-17', Statement: statements });
  const arn = (kind: string, name: string) => ({ arn: `arn:aws:iam::${ID}:${kind}/${name}` });
  const acct = buildCloudAccount([
    account('aws', ID),
    policy('AdministratorAccess', doc({ Effect: 'Allow', Action: '*', Resource: '*' }), 'AWS'),
    policy('S3Only', doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }), 'Customer'),
    user(
      'bounded',
      'A1',
      {
        ...arn('user', 'bounded'),
        attachedPolicies: [attach('AdministratorAccess', 'AWS')],
        permissionsBoundary: { policyType: 'Customer', policyName: 'S3Only' },
      },
      ID,
    ),
    user(
      'wide-boundary',
      'A2',
      {
        ...arn('user', 'wide-boundary'),
        attachedPolicies: [attach('AdministratorAccess', 'AWS')],
        permissionsBoundary: { policyType: 'AWS', policyName: 'AdministratorAccess' },
      },
      ID,
    ),
    role(
      'deployer',
      'R1',
      doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
      {
        ...arn('role', 'deployer'),
        inlinePolicies: [{ name: 'everything', document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) }],
      },
      ID,
    ),
  ]);

  test('a boundary that does not allow everything caps an admin policy; one that does, does not', () => {
    assert.equal(verdict(acct, 'user', 'bounded').status, 'not-admin');
    assertAgreesWithCanI(acct, 'user', 'bounded');
    const wide = verdict(acct, 'user', 'wide-boundary');
    assert.equal(wide.status, 'admin');
    // The boundary only caps: it is not a grant.
    assert.deepEqual(wide.grants, [{ policyType: 'AWS', policyName: 'AdministratorAccess', statements: [0] }]);
  });

  test('an inline allow-all is admin, named as Inline; the probes use IAM actions and the account partition', () => {
    const v = verdict(acct, 'role', 'deployer');
    assert.equal(v.status, 'admin');
    assert.deepEqual(v.grants, [{ policyType: 'Inline', policyName: 'everything', statements: [0] }]);
    assert.ok(
      adminProbes(acct).some(
        (p) => p.action === 'iam:AttachUserPolicy' && p.resource === `arn:aws:iam::${ID}:user/access-atlas-admin-probe`,
      ),
    );
  });
});

async function fixtureAccount(collect: Promise<CollectResult>): Promise<CloudAccount> {
  const result = await collect;
  if (!result.ok) assert.fail(result.error.message);
  return buildCloudAccount(JSON.parse(JSON.stringify(result.snapshot.objects)) as StoredObject[]);
}

describe('the real fixtures', () => {
  test('AWS authorization details: Admins group is admin; PowerUserAccess under a boundary and an inline Deny iam:* are not', async () => {
    const acct = await fixtureAccount(
      collectFromAwsAuthorizationDetails([
        'fixtures/aws/authorization-details/page-1.json',
        'fixtures/aws/authorization-details/page-2.json',
      ]),
    );
    const { admins, conditional } = cloudAdmins(acct);
    assert.deepEqual(admins, [
      {
        kind: 'CloudUser',
        name: 'Alice',
        grants: [{ policyType: 'AWS', policyName: 'AdministratorAccess', viaGroup: 'Admins', statements: [0] }],
      },
    ]);
    assert.deepEqual(conditional, []);
    for (const name of acct.users.keys()) assertAgreesWithCanI(acct, 'user', name);
    for (const name of acct.roles.keys()) assertAgreesWithCanI(acct, 'role', name);
  });

  test('RAM export example.json: admin-except-billing holders are admin, the rest are not', async () => {
    const acct = await fixtureAccount(collectFromRamFiles(['fixtures/ram-account/example.json']));
    const { admins, conditional } = cloudAdmins(acct);
    assert.deepEqual(
      admins.map((a) => [a.name, a.grants.map((g) => `${g.policyName}${g.viaGroup ? ` via ${g.viaGroup}` : ''}`)]),
      [
        ['alice', ['admin-except-billing via platform-admins']],
        ['ci-deployer', ['admin-except-billing']],
      ],
    );
    assert.deepEqual(conditional, []);
    for (const name of acct.users.keys()) assertAgreesWithCanI(acct, 'user', name);
  });
});
