// A policy that is both attached to a principal and its AWS permissions boundary: its identity
// statements keep the attachment path and the boundary statements the boundary path, in can-i and
// in who-can alike (indexed and naive agree).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCloudAccount, cloudCanI, cloudWhoCan, naiveCloudWhoCan } from '.';
import { account, allow, attach, policy, user } from './testdata/objects';

describe('a policy attached and used as the boundary', () => {
  const acct = buildCloudAccount([
    account('aws'),
    policy('dev', { ...allow('s3:GetObject'), Version: '2012-10-17' }, 'Customer'),
    user('ann', '1', { attachedPolicies: [attach('dev', 'Customer')], permissionsBoundary: { policyType: 'Customer', policyName: 'dev' } }),
  ]);
  const request = { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' };

  test('builds without errors', () => assert.deepEqual(acct.errors, []));

  test('can-i: identity statement via the attachment, boundary statement via the boundary', () => {
    const r = cloudCanI(acct, { kind: 'user', name: 'ann' }, request);
    assert.ok(r.ok);
    assert.equal(r.answer.decision, 'Allow');
    const byRole = Object.fromEntries(r.answer.statements.map((s) => [s.role, s.via.length]));
    assert.deepEqual(byRole, { identity: 1, boundary: 1 });
    assert.equal(r.answer.paths.length, 2, 'attachment path and boundary path are different paths');
  });

  test('who-can indexed equals naive', () => {
    const a = cloudWhoCan(acct, request);
    assert.deepEqual(a, naiveCloudWhoCan(acct, request));
    assert.deepEqual(
      a.principals.map((p) => `${p.name}:${p.decision}:${p.paths.length}`),
      ['ann:Allow:2'],
    );
  });
});
