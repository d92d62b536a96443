import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Config as CredentialConfig } from '@alicloud/credentials';
import type { CloudRoleBody, CloudUserBody } from '../../core/ram/model';
import type { CollectedSnapshot, CollectError, CollectResult, StoredObject } from '../../core/snapshot/types';
import { FAKE_ACCESS_KEY_ID, FAKE_ACCESS_KEY_SECRET, FakeRamApi, type FakeRamScript } from '../testing/fake-ram-api';
import { collectFromRamAccount, type CollectFromRamAccountOptions } from './collect-from-ram-account';
import { collectFromRamFiles } from './collect-from-ram-files';
import { Credential } from './sdk-classes';

const FIXTURE = 'fixtures/ram-account/example.json';
const account = (): Record<string, unknown> => JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>;

function staticCredential(accessKeyId = FAKE_ACCESS_KEY_ID): Credential {
  return new Credential(new CredentialConfig({ type: 'access_key', accessKeyId, accessKeySecret: FAKE_ACCESS_KEY_SECRET }));
}

async function collectWith(
  script: FakeRamScript,
  opts: CollectFromRamAccountOptions = {},
  data: Record<string, unknown> = account(),
): Promise<{ result: CollectResult; api: FakeRamApi }> {
  const api = await FakeRamApi.start(data, script);
  try {
    const result = await collectFromRamAccount({ endpoint: api.url, credential: staticCredential(), retryBaseDelayMs: 5, ...opts });
    return { result, api };
  } finally {
    await api.close();
  }
}

function snapshotOf(result: CollectResult): CollectedSnapshot {
  if (!result.ok) assert.fail(`expected a snapshot, got ${result.error.code}: ${result.error.message}`);
  return result.snapshot;
}

function errorOf(result: CollectResult): CollectError {
  if (result.ok) assert.fail('expected the collection to fail');
  return result.error;
}

const byKey = (objects: StoredObject[]) => new Map(objects.map((o) => [`${o.kind}/${o.namespace}/${o.name}`, o.hash]));
const find = (snapshot: CollectedSnapshot, kind: string, name: string) => snapshot.objects.find((o) => o.kind === kind && o.name === name);

void describe('collectFromRamAccount against a RAM API stand-in, with the real SDK', () => {
  void test('pages through users, roles and policies with Marker/MaxItems and reads every detail', async () => {
    const { result, api } = await collectWith({}, { pageSize: 2 });
    const snapshot = snapshotOf(result);
    assert.equal(api.requestsFor('ListUsers').length, 2);
    assert.deepEqual(
      api.requestsFor('ListUsers').map((r) => r.params.MaxItems),
      ['2', '2'],
    );
    assert.equal(api.requestsFor('ListUsers')[0]?.params.Marker, undefined);
    assert.ok((api.requestsFor('ListUsers')[1]?.params.Marker ?? '') !== '');
    assert.equal(api.requestsFor('ListRoles').length, 2);
    assert.equal(api.requestsFor('ListPolicies').length, 3, 'six custom policies, two per page');
    assert.ok(api.requestsFor('ListPolicies').every((r) => r.params.PolicyType === 'Custom'));
    const counts = Object.fromEntries(
      ['CloudAccount', 'CloudUser', 'CloudGroup', 'CloudRole', 'CloudPolicy'].map((k) => [
        k,
        snapshot.objects.filter((o) => o.kind === k).length,
      ]),
    );
    assert.deepEqual(counts, { CloudAccount: 1, CloudUser: 3, CloudGroup: 2, CloudRole: 3, CloudPolicy: 7 });
    assert.deepEqual(snapshot.missingKinds, []);
    assert.match(snapshot.origin, /^http:\/\/127\.0\.0\.1:\d+ \(account 5123456789012345\)$/);
    const alice = find(snapshot, 'CloudUser', 'alice')?.body as unknown as CloudUserBody;
    assert.equal(alice.userId, '204512345678901234');
    assert.equal(alice.arn, 'acs:ram::5123456789012345:user/alice');
    assert.deepEqual(alice.groups, ['platform-admins']);
    assert.equal(alice.mfaEnabled, true);
    assert.deepEqual(alice.loginProfile, { enabled: true, mfaBindRequired: true, lastLoginTime: '2026-11-20T08:12:44Z' });
    assert.deepEqual(alice.accessKeys, [
      { accessKeyId: 'LTAI5tExampleAlice0001', status: 'Active', createDate: '2024-02-02T10:00:00Z', lastUsedDate: '2026-11-24T17:00:00Z' },
    ]);
    const ci = find(snapshot, 'CloudUser', 'ci-deployer')?.body as unknown as CloudUserBody;
    assert.equal(ci.loginProfile, null, 'EntityNotExist.User.LoginProfile means no console login');
    assert.equal(ci.mfaEnabled, false);
    const role = find(snapshot, 'CloudRole', 'external-dns')?.body as unknown as CloudRoleBody;
    assert.equal(JSON.stringify(role.trustPolicy).includes('system:serviceaccount:test-namespace:test-serviceaccount'), true);
    // Only attached system policies are read: AliyunRAMReadOnlyAccess (alice) and AliyunOSSFullAccess (ci-deployer, deleted).
    assert.deepEqual(
      api
        .requestsFor('GetPolicy')
        .filter((r) => r.params.PolicyType === 'System')
        .map((r) => r.params.PolicyName)
        .sort(),
      ['AliyunOSSFullAccess', 'AliyunRAMReadOnlyAccess'],
    );
  });

  void test('a policy attached but missing (EntityNotExist.Policy) is a warning naming it and who holds it', async () => {
    const snapshot = snapshotOf((await collectWith({})).result);
    assert.deepEqual(snapshot.warnings, [
      'System policy AliyunOSSFullAccess is attached to user ci-deployer but was not found in the account; what it grants is unknown',
    ]);
    assert.equal(find(snapshot, 'CloudPolicy', 'AliyunOSSFullAccess'), undefined);
  });

  void test('stores what the files layout holds: same objects, same hashes as collectFromRamFiles', async () => {
    const live = snapshotOf((await collectWith({})).result);
    const files = await collectFromRamFiles([FIXTURE]);
    assert.ok(files.ok);
    assert.deepEqual(byKey(live.objects), byKey(files.snapshot.objects));
  });

  void test('throttling is retried with backoff, then succeeds', async () => {
    const { result, api } = await collectWith({ throttle: { action: 'ListRoles', times: 2 } });
    const snapshot = snapshotOf(result);
    assert.equal(api.requestsFor('ListRoles').length, 3);
    assert.equal(snapshot.objects.filter((o) => o.kind === 'CloudRole').length, 3);
  });

  void test('throttling that never ends fails as server, saying how often it tried', async () => {
    const error = errorOf((await collectWith({ throttle: { action: 'ListGroups', times: 100 } })).result);
    assert.equal(error.code, 'server');
    assert.match(error.message, /^ListGroups at http:\/\/127\.0\.0\.1:\d+: HTTP 400 Throttling\.User: .*\(5 attempts\)$/);
  });

  void test('an unknown AccessKey fails the snapshot as unauthorized, naming the endpoint and never the secret', async () => {
    const api = await FakeRamApi.start(account());
    try {
      const result = await collectFromRamAccount({ endpoint: api.url, credential: staticCredential('LTAI-unknown'), retryBaseDelayMs: 5 });
      const error = errorOf(result);
      assert.equal(error.code, 'unauthorized');
      assert.ok(error.message.includes(api.url), error.message);
      assert.match(error.message, /InvalidAccessKeyId\.NotFound/);
      assert.ok(!error.message.includes(FAKE_ACCESS_KEY_SECRET));
      assert.equal(api.requests.length, 1, 'gives up at the first rejection');
    } finally {
      await api.close();
    }
  });

  void test('NoPermission on one list makes the snapshot partial, naming the kind and the action', async () => {
    const snapshot = snapshotOf((await collectWith({ forbidden: ['ListRoles'] })).result);
    assert.deepEqual(
      snapshot.missingKinds.map((m) => m.kind),
      ['CloudRole'],
    );
    assert.match(snapshot.missingKinds[0]?.reason ?? '', /^NoPermission on ListRoles at http:\/\/127\.0\.0\.1:\d+: You are not authorized/);
    assert.equal(snapshot.objects.filter((o) => o.kind === 'CloudRole').length, 0);
    assert.equal(snapshot.objects.filter((o) => o.kind === 'CloudUser').length, 3);
  });

  void test('NoPermission on a per-user call leaves out all users, not a user without keys', async () => {
    const { result, api } = await collectWith({ forbidden: ['ListAccessKeys'] }, { concurrency: 1 });
    const snapshot = snapshotOf(result);
    assert.deepEqual(
      snapshot.missingKinds.map((m) => m.kind),
      ['CloudUser'],
    );
    assert.equal(snapshot.objects.filter((o) => o.kind === 'CloudUser').length, 0);
    assert.equal(api.requestsFor('ListAccessKeys').length, 1, 'stops asking after the first denial');
  });

  void test('every kind denied fails as forbidden', async () => {
    const error = errorOf((await collectWith({ forbidden: ['ListUsers', 'ListGroups', 'ListRoles', 'ListPolicies'] })).result);
    assert.equal(error.code, 'forbidden');
  });

  void test('without roles the account id comes from STS GetCallerIdentity', async () => {
    const data = { ...account(), Roles: [] };
    const { result, api } = await collectWith({}, {}, data);
    const snapshot = snapshotOf(result);
    assert.equal(api.requestsFor('GetCallerIdentity').length, 1);
    assert.equal(find(snapshot, 'CloudAccount', '5123456789012345')?.body.accountId, '5123456789012345');
  });

  void test('a server that keeps answering 503 fails as server; a closed port fails as network', async () => {
    const error = errorOf((await collectWith({ unavailable: ['ListUsers'] })).result);
    assert.equal(error.code, 'server');
    const api = await FakeRamApi.start(account());
    const url = api.url;
    await api.close();
    const closed = errorOf(await collectFromRamAccount({ endpoint: url, credential: staticCredential(), retryBaseDelayMs: 5 }));
    assert.equal(closed.code, 'network');
    assert.ok(closed.message.includes(url));
  });

  void test('an unknown CLI profile fails as bad-config before any request, naming no secret', async () => {
    const home = process.env.HOME;
    const dir = await mkdtemp(join(tmpdir(), 'atlas-ram-home-'));
    process.env.HOME = dir;
    const api = await FakeRamApi.start(account());
    try {
      const error = errorOf(await collectFromRamAccount({ endpoint: api.url, profile: 'no-such-profile', retryBaseDelayMs: 5 }));
      assert.equal(error.code, 'bad-config');
      assert.match(error.message, /^ListUsers at http:\/\/127\.0\.0\.1:\d+: could not get credentials or send the request/);
      assert.equal(api.requests.length, 0);
    } finally {
      process.env.HOME = home;
      await api.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
