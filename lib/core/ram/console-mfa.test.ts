// The console-login-without-MFA indicator on the RAM export fixture and the AWS pages (which report
// no credentials), and on a login profile that is switched off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectFromAwsAuthorizationDetails } from '../../collect/aws';
import { collectFromRamFiles } from '../../collect/ram';
import type { CollectResult } from '../snapshot/types';
import { noMfaWithLogin } from './console-mfa';
import { decodeCloudObjects } from './decode-bodies';

async function users(collect: Promise<CollectResult>) {
  const result = await collect;
  if (!result.ok) assert.fail(result.error.message);
  return decodeCloudObjects(result.snapshot.objects).users;
}

test('RAM: a console login without an MFA device is flagged; with MFA, or without a login, it is not', async () => {
  const flagged = (await users(collectFromRamFiles(['fixtures/ram-account/example.json']))).map((u) => [u.name, noMfaWithLogin(u.body)]);
  assert.deepEqual(flagged, [
    ['alice', false],
    ['bob', true],
    ['ci-deployer', false],
  ]);
});

test('a disabled login profile is no console login', async () => {
  const bob = (await users(collectFromRamFiles(['fixtures/ram-account/example.json']))).find((u) => u.name === 'bob');
  assert.ok(bob?.body.loginProfile);
  assert.equal(noMfaWithLogin({ ...bob.body, loginProfile: { ...bob.body.loginProfile, enabled: false } }), false);
});

test('AWS authorization details report no credentials: nobody is flagged', async () => {
  const aws = await users(
    collectFromAwsAuthorizationDetails([
      'fixtures/aws/authorization-details/page-1.json',
      'fixtures/aws/authorization-details/page-2.json',
    ]),
  );
  assert.ok(aws.length > 0);
  assert.ok(aws.every((u) => u.body.credentialsReported === false && !noMfaWithLogin(u.body)));
});
