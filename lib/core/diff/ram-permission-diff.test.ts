// Hand-made snapshot pairs for the RAM / IAM permission diff: certain Denies and boundaries are
// subtracted, conditions kept as distinct grants, partial overlaps noted (ram-grants.ts).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, sha256Hex } from '../kube/canonical-json';
import type { JsonObject, SnapshotKind, StoredObject } from '../snapshot/types';
import { diffSnapshots } from './snapshot-diff';
import type { DiffResult } from './types';

function cloud(kind: SnapshotKind, namespace: string, name: string, body: JsonObject): StoredObject {
  return { kind, namespace, name, body, hash: sha256Hex(canonicalJson(body)) };
}

const account = (provider: 'alibaba' | 'aws') => cloud('CloudAccount', '', '1', { provider, accountId: '1' });
const type = (provider: 'alibaba' | 'aws') => (provider === 'aws' ? 'Customer' : 'Custom');

function policy(provider: 'alibaba' | 'aws', name: string, statements: JsonObject[]): StoredObject {
  const Version = provider === 'aws' ? '2012-10-17' : '1';
  return cloud('CloudPolicy', type(provider), name, {
    policyType: type(provider),
    defaultVersion: 'v1',
    document: { Version, Statement: statements },
  });
}

function user(provider: 'alibaba' | 'aws', policies: string[], extra: JsonObject = {}): StoredObject {
  return cloud('CloudUser', '', 'ann', {
    userId: '1',
    arn: provider === 'aws' ? 'arn:aws:iam::1:user/ann' : 'acs:ram::1:user/ann',
    groups: [],
    attachedPolicies: policies.map((p) => ({ policyType: type(provider), policyName: p, scope: { kind: 'account' } })),
    accessKeys: [],
    loginProfile: null,
    mfaEnabled: false,
    ...extra,
  });
}

function diff(before: StoredObject[], after: StoredObject[]): DiffResult {
  return diffSnapshots({ label: 'a', objects: before, missingKinds: [] }, { label: 'b', objects: after, missingKinds: [] });
}

const texts = (changes: DiffResult['permissions']['gained']) => changes.map((c) => c.grant.text).sort();
const allow = (Action: string | string[], Resource: string | string[] = '*', extra: JsonObject = {}) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...extra,
});
const deny = (Action: string | string[], Resource: string | string[] = '*', extra: JsonObject = {}) => ({
  Effect: 'Deny',
  Action,
  Resource,
  ...extra,
});

describe('RAM permission diff: Denies', () => {
  test('a grant an unconditional Deny covers entirely is not gained', () => {
    const before = [account('alibaba'), user('alibaba', [])];
    const after = [
      account('alibaba'),
      user('alibaba', ['p', 'guard']),
      policy('alibaba', 'p', [allow(['ecs:DeleteInstance', 'ecs:DescribeInstances'])]),
      policy('alibaba', 'guard', [deny('ecs:Delete*')]),
    ];
    assert.deepEqual(texts(diff(before, after).permissions.gained), ['ecs:DescribeInstances on *']);
  });

  test('adding the Deny loses the grant it blocks', () => {
    const p = policy('alibaba', 'p', [allow('oss:*', 'acs:oss:*:*:logs/*')]);
    const before = [account('alibaba'), user('alibaba', ['p']), p];
    const after = [account('alibaba'), user('alibaba', ['p', 'guard']), p, policy('alibaba', 'guard', [deny('*', 'acs:oss:*:*:*')])];
    const d = diff(before, after);
    assert.deepEqual(texts(d.permissions.lost), ['oss:* on acs:oss:*:*:logs/*']);
    assert.deepEqual(texts(d.permissions.gained), []);
  });

  test('a narrower or conditional Deny is noted, not subtracted', () => {
    const after = [
      account('alibaba'),
      user('alibaba', ['p', 'guard']),
      policy('alibaba', 'p', [allow('ecs:*')]),
      policy('alibaba', 'guard', [
        deny('ecs:DeleteInstance'),
        deny('ecs:*', '*', { Condition: { IpAddress: { 'acs:SourceIp': ['10.0.0.0/8'] } } }),
      ]),
    ];
    const gained = diff([account('alibaba'), user('alibaba', [])], after).permissions.gained;
    assert.equal(gained.length, 1);
    assert.equal(
      gained[0]?.grant.text,
      'ecs:* on * (partially denied by Custom/guard statement 0; denied when its conditions hold by Custom/guard statement 1)',
    );
  });

  test('a Deny on another service leaves the grant as it is', () => {
    const after = [
      account('alibaba'),
      user('alibaba', ['p', 'guard']),
      policy('alibaba', 'p', [allow('ecs:Describe*')]),
      policy('alibaba', 'guard', [deny('oss:*')]),
    ];
    assert.deepEqual(texts(diff([account('alibaba'), user('alibaba', [])], after).permissions.gained), ['ecs:Describe* on *']);
  });
});

describe('RAM permission diff: conditions and NotAction', () => {
  const cond = { Condition: { Bool: { 'acs:MFAPresent': ['true'] } } };
  test('a conditional grant is distinct from the unconditional one', () => {
    const before = [account('alibaba'), user('alibaba', ['p']), policy('alibaba', 'p', [allow('ecs:StopInstance', '*', cond)])];
    const after = [account('alibaba'), user('alibaba', ['p']), policy('alibaba', 'p', [allow('ecs:StopInstance')])];
    const d = diff(before, after);
    assert.deepEqual(texts(d.permissions.gained), ['ecs:StopInstance on *']);
    assert.deepEqual(texts(d.permissions.lost), ['ecs:StopInstance on * if {"Bool":{"acs:MFAPresent":["true"]}}']);
    assert.deepEqual(d.permissions.lost[0]?.grant.type === 'ram' ? d.permissions.lost[0].grant.condition : null, {
      Bool: { 'acs:MFAPresent': ['true'] },
    });
  });

  test('a NotAction Allow is one grant', () => {
    const after = [
      account('alibaba'),
      user('alibaba', ['p']),
      policy('alibaba', 'p', [{ Effect: 'Allow', NotAction: ['ram:*', 'sts:*'], Resource: '*' }]),
    ];
    assert.deepEqual(texts(diff([account('alibaba'), user('alibaba', [])], after).permissions.gained), ['NotAction [ram:*, sts:*] on *']);
  });

  test('a NotAction Allow is dropped only by a Deny of every action', () => {
    const notAction = policy('alibaba', 'p', [{ Effect: 'Allow', NotAction: ['ram:*'], Resource: '*' }]);
    const narrow = [account('alibaba'), user('alibaba', ['p', 'g']), notAction, policy('alibaba', 'g', [deny('ecs:*')])];
    const all = [account('alibaba'), user('alibaba', ['p', 'g']), notAction, policy('alibaba', 'g', [deny('*')])];
    assert.deepEqual(texts(diff([account('alibaba'), user('alibaba', [])], narrow).permissions.gained), [
      'NotAction [ram:*] on * (partially denied by Custom/g statement 0)',
    ]);
    assert.deepEqual(texts(diff([account('alibaba'), user('alibaba', [])], all).permissions.gained), []);
  });
});

describe('RAM permission diff: AWS permissions boundary', () => {
  const aws = 'aws' as const;
  const grants = policy(aws, 'dev', [allow(['s3:GetObject', 'iam:CreateUser', 'ec2:*'])]);
  const bound = policy(aws, 'bound', [allow(['s3:*', 'ec2:Describe*'])]);
  test('what the boundary cannot allow is not gained; partial overlap is noted', () => {
    const before = [account(aws), user(aws, []), grants, bound];
    const after = [
      account(aws),
      user(aws, ['dev'], { permissionsBoundary: { policyType: 'Customer', policyName: 'bound' } }),
      grants,
      bound,
    ];
    assert.deepEqual(texts(diff(before, after).permissions.gained), [
      'ec2:* on * (partly outside the permissions boundary Customer/bound)',
      's3:GetObject on *',
    ]);
  });
  test('removing the boundary gains what it blocked', () => {
    const before = [
      account(aws),
      user(aws, ['dev'], { permissionsBoundary: { policyType: 'Customer', policyName: 'bound' } }),
      grants,
      bound,
    ];
    const after = [account(aws), user(aws, ['dev']), grants, bound];
    // ec2:* was held before too (noted as partly outside the boundary): notes are not part of a grant's identity.
    assert.deepEqual(texts(diff(before, after).permissions.gained), ['iam:CreateUser on *']);
  });
});
