// The live collector's account-level reads (read-account-inputs.ts) against the RAM API stand-in,
// with the real SDKs (RAM, IMS, Resource Manager, ACK): what is stored, that a live snapshot and a
// file import of the same account hash the same, and what a denied, missing or failing call does.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Config as CredentialConfig } from '@alicloud/credentials';
import { evaluateCloudFindings } from '../../core/findings/evaluate-cloud';
import { accountFromCloudObjects } from '../../core/ram/account';
import { decodeCloudObjects } from '../../core/ram/decode-bodies';
import type { CloudAccountBody, CloudGroupBody, CloudUserBody } from '../../core/ram/model';
import type { CollectedSnapshot, CollectError, CollectResult } from '../../core/snapshot/types';
import { FAKE_ACCESS_KEY_ID, FAKE_ACCESS_KEY_SECRET, FakeRamApi, type FakeRamScript } from '../testing/fake-ram-api';
import { collectFromRamAccount, type CollectFromRamAccountOptions } from './collect-from-ram-account';
import { collectFromRamFiles } from './collect-from-ram-files';
import { Credential } from './sdk-classes';

import { ACCOUNT_ID, CLUSTER, richAccount } from './testdata/rich-account';

async function collectWith(
  script: FakeRamScript,
  opts: CollectFromRamAccountOptions = {},
  data: Record<string, unknown> = richAccount(),
): Promise<{ result: CollectResult; api: FakeRamApi }> {
  const api = await FakeRamApi.start(data, script);
  try {
    const credential = new Credential(
      new CredentialConfig({ type: 'access_key', accessKeyId: FAKE_ACCESS_KEY_ID, accessKeySecret: FAKE_ACCESS_KEY_SECRET }),
    );
    const result = await collectFromRamAccount({ endpoint: api.url, credential, retryBaseDelayMs: 5, ackClusterIds: [CLUSTER], ...opts });
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

function body<T>(snapshot: CollectedSnapshot, kind: string, name: string): T {
  const found = snapshot.objects.find((o) => o.kind === kind && o.name === name);
  assert.ok(found, `${kind} ${name}`);
  return found.body as unknown as T;
}

void describe('collectFromRamAccount: account-level inputs', () => {
  void test('reads the password policy, MFA at login, root keys, resource-group grants and the linked cluster’s kubeconfigs', async () => {
    const { result, api } = await collectWith({ maxPageSize: 2 });
    const snapshot = snapshotOf(result);
    const account = body<CloudAccountBody>(snapshot, 'CloudAccount', ACCOUNT_ID);
    assert.deepEqual(account.passwordPolicy, {
      minimumPasswordLength: 12,
      requireSymbols: true,
      maxPasswordAge: 90,
      maxLoginAttempts: 5,
      hardExpiry: false,
    });
    assert.deepEqual(account.securityPreference, {
      mfaOperationForLogin: 'mandatory',
      loginSessionDuration: 6,
      allowUserToManageAccessKeys: false,
      allowUserToManageMFADevices: true,
    });
    assert.deepEqual(account.rootAccessKeys, { count: 1 });
    assert.deepEqual(account.unread, undefined);
    assert.deepEqual(
      account.ackClusters?.map((c) => [
        c.clusterId,
        c.kubeconfigs?.map((k) => `${k.accountType} ${k.accountName ?? ''} ${k.certExpireTime ?? ''}`),
      ]),
      [
        [
          CLUSTER,
          ['RamRole external-dns 2027-02-01T00:00:00Z', 'RamUser alice 2029-01-01T00:00:00Z', 'RamUser mallory 2028-01-01T00:00:00Z'],
        ],
      ],
    );
    // Paged: four attachments two at a time; three kubeconfigs two at a time.
    assert.deepEqual(
      api.requestsFor('ListPolicyAttachments').map((r) => r.params.PageNumber),
      ['1', '2'],
    );
    assert.deepEqual(
      api.requestsFor('ListClusterKubeconfigStates').map((r) => [r.params.ClusterId, r.params.pageNumber]),
      [
        [CLUSTER, '1'],
        [CLUSTER, '2'],
      ],
    );
    const bob = body<CloudUserBody>(snapshot, 'CloudUser', 'bob');
    assert.deepEqual(
      bob.attachedPolicies.map(
        (a) => `${a.policyType}/${a.policyName} ${a.scope.kind === 'account' ? 'account' : a.scope.resourceGroupId}`,
      ),
      ['Custom/ecs-require-mfa account', 'System/AliyunECSFullAccess rg-aek2teamb'],
    );
    const alice = body<CloudUserBody>(snapshot, 'CloudUser', 'alice');
    assert.equal(alice.attachedPolicies.length, 1, 'an account-scope record of ListPolicyAttachments is not taken twice');
    const developers = body<CloudGroupBody>(snapshot, 'CloudGroup', 'developers');
    assert.ok(developers.attachedPolicies.some((a) => a.scope.kind === 'resource-group' && a.scope.resourceGroupId === 'rg-aek2teamb'));
    // A policy granted only in a resource group is read like any attached one.
    assert.ok(api.requestsFor('GetPolicy').some((r) => r.params.PolicyName === 'AliyunECSFullAccess'));
    assert.ok(snapshot.objects.some((o) => o.kind === 'CloudPolicy' && o.name === 'AliyunECSFullAccess'));
  });

  void test('a live snapshot and an import of the same export hash the same', async () => {
    const live = snapshotOf((await collectWith({})).result);
    const dir = await mkdtemp(join(tmpdir(), 'atlas-ram-inputs-'));
    try {
      const file = join(dir, 'account.json');
      await writeFile(file, JSON.stringify(richAccount()));
      const imported = await collectFromRamFiles([file]);
      assert.ok(imported.ok);
      const hashes = (s: CollectedSnapshot) => new Map(s.objects.map((o) => [`${o.kind}/${o.namespace}/${o.name}`, o.hash]));
      assert.deepEqual(hashes(live), hashes(imported.snapshot));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  void test('without linked clusters no ACK call is made and the account carries no inventory', async () => {
    const { result, api } = await collectWith({}, { ackClusterIds: [] });
    assert.equal(api.requestsFor('ListClusterKubeconfigStates').length, 0);
    assert.equal(body<CloudAccountBody>(snapshotOf(result), 'CloudAccount', ACCOUNT_ID).ackClusters, undefined);
  });

  void test('a denied input costs only that input: named in unread and in a warning, every kind still stored', async () => {
    const { result } = await collectWith({ forbidden: ['ListPolicyAttachments', 'GetAccountSecurityPracticeReport', 'GetPasswordPolicy'] });
    const snapshot = snapshotOf(result);
    assert.deepEqual(snapshot.missingKinds, []);
    const account = body<CloudAccountBody>(snapshot, 'CloudAccount', ACCOUNT_ID);
    assert.deepEqual(Object.keys(account.unread ?? {}).sort(), ['passwordPolicy', 'resourceGroupAttachments', 'rootAccessKeys']);
    assert.match(account.unread?.rootAccessKeys ?? '', /^NoPermission on GetAccountSecurityPracticeReport at http:\/\/127\.0\.0\.1:\d+/);
    assert.equal(account.rootAccessKeys, undefined);
    assert.ok(snapshot.warnings.some((w) => w.startsWith('policy attachments scoped to resource groups could not be read: NoPermission')));
    const bob = body<CloudUserBody>(snapshot, 'CloudUser', 'bob');
    assert.ok(bob.attachedPolicies.every((a) => a.scope.kind === 'account'));
  });

  void test('a linked cluster ACK does not know, or will not list, is recorded per cluster; the others are read', async () => {
    const missing = snapshotOf((await collectWith({}, { ackClusterIds: [CLUSTER, 'c-gone'] })).result);
    const clusters = body<CloudAccountBody>(missing, 'CloudAccount', ACCOUNT_ID).ackClusters ?? [];
    assert.deepEqual(
      clusters.map((c) => [c.clusterId, c.kubeconfigs?.length, c.unread]),
      [
        [CLUSTER, 3, undefined],
        ['c-gone', undefined, 'ACK has no cluster c-gone (deleted, or the link names another id)'],
      ],
    );
    assert.ok(missing.warnings.some((w) => w.startsWith('the kubeconfig inventory of ACK cluster c-gone could not be read')));
    const denied = snapshotOf((await collectWith({ forbidden: ['ListClusterKubeconfigStates'] })).result);
    const [only] = body<CloudAccountBody>(denied, 'CloudAccount', ACCOUNT_ID).ackClusters ?? [];
    assert.match(only?.unread ?? '', /^NoPermission on ListClusterKubeconfigStates \(cluster c-f1a2b3c4d5e6\) at http/);
  });

  void test('an SDK error that is not a denial fails the collection, naming the call, the cluster and the endpoint', async () => {
    const { result, api } = await collectWith({ unavailable: ['ListClusterKubeconfigStates'] });
    const error = errorOf(result);
    assert.equal(error.code, 'server');
    assert.ok(
      error.message.startsWith(`ListClusterKubeconfigStates (cluster ${CLUSTER}) at ${api.url}: HTTP 503 ServiceUnavailable`),
      error.message,
    );
    assert.match(error.message, /\(5 attempts\)$/);
    const rm503 = errorOf((await collectWith({ unavailable: ['ListPolicyAttachments'] })).result);
    assert.match(rm503.message, /^ListPolicyAttachments at http:\/\/127\.0\.0\.1:\d+: HTTP 503 ServiceUnavailable/);
  });

  void test('users that could not be read mark the identities unread, so no kubeconfig reads as orphaned', async () => {
    const snapshot = snapshotOf((await collectWith({ forbidden: ['ListUsers'] })).result);
    assert.deepEqual(
      snapshot.missingKinds.map((m) => m.kind),
      ['CloudUser'],
    );
    assert.equal(body<CloudAccountBody>(snapshot, 'CloudAccount', ACCOUNT_ID).unread?.identities, 'CloudUser could not be read');
  });

  void test('file imports: what an export lacks or could not read leaves its rules in notEvaluated, with the reason', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atlas-ram-inputs-'));
    try {
      const { AccountSecurityPracticeInfo: _report, ...withoutReport } = richAccount();
      const file = join(dir, 'account.json');
      await writeFile(
        file,
        JSON.stringify({
          ...withoutReport,
          AckClusters: [{ ClusterId: CLUSTER, Unread: 'NoPermission (cs:ListClusterKubeconfigStates)' }],
        }),
      );
      const imported = await collectFromRamFiles([file]);
      assert.ok(imported.ok);
      const objects = decodeCloudObjects(imported.snapshot.objects);
      const result = evaluateCloudFindings({
        source: 'file',
        objects,
        account: accountFromCloudObjects(objects),
        now: new Date('2026-12-01T00:00:00Z'),
        rules: ['ram.root-accesskey', 'ack.kubeconfig-orphaned', 'ack.kubeconfig-long-lived', 'ram.console-without-mfa'],
      });
      assert.deepEqual(
        result.notEvaluated.map((n) => `${n.rule}: ${n.reason}`),
        [
          "ram.root-accesskey: the source does not carry the root account's AccessKey state (IMS GetAccountSecurityPracticeReport)",
          `ack.kubeconfig-orphaned: the kubeconfig inventory of 1 of 1 linked ACK clusters could not be read: ${CLUSTER} (NoPermission (cs:ListClusterKubeconfigStates))`,
          `ack.kubeconfig-long-lived: the kubeconfig inventory of 1 of 1 linked ACK clusters could not be read: ${CLUSTER} (NoPermission (cs:ListClusterKubeconfigStates))`,
        ],
      );
      // The MFA-at-login preference the export carries is noted on console-without-mfa (bob signs in without MFA).
      const bob = result.findings.find((f) => f.rule === 'ram.console-without-mfa' && f.subject?.name === 'bob');
      assert.ok(bob?.evidence.some((e) => e.kind === 'object' && e.field === 'securityPreference.mfaOperationForLogin'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
