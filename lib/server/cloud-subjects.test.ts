// The cloud principal list (the engine's admin verdicts and the no-MFA indicator) and the Policy page's read model, on the
// demo RAM account's week-4 objects (lib/server/demo/ram-account.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountFromCloudObjects } from '../core/ram/account';
import { decodeCloudObjects } from '../core/ram/decode-bodies';
import type { Source, SnapshotSummary } from '../core/snapshot/types';
import { account, allow, attach, policy, user } from '../core/ram/account/testdata/objects';
import type { Store } from '../store';
import { cloudPageOf, cloudSubjectDetail, listCloudPrincipals, noMfaWithLogin, type CloudPage } from './cloud-subjects';
import { buildDemoRamAccount } from './demo/ram-account';
import { policyDetail } from './policies';

function demoPage(): CloudPage {
  const cloud = decodeCloudObjects(buildDemoRamAccount(4));
  // Only the fields the read models use; the store fills the rest in production.
  return cloudPageOf({ name: 'demo-ram' } as Source, { id: 1 } as SnapshotSummary, cloud, accountFromCloudObjects(cloud));
}

test('principals carry the admin (*:*) and no-MFA-with-console-login indicators', () => {
  const rows = listCloudPrincipals(demoPage());
  const row = (kind: string, name: string) => rows.find((r) => r.kind === kind && r.name === name);
  assert.deepEqual(row('CloudUser', 'ops-breakglass'), {
    kind: 'CloudUser',
    name: 'ops-breakglass',
    policies: 1,
    related: 0,
    admin: true,
    conditionalAdmin: false,
    noMfa: true,
  });
  assert.equal(row('CloudUser', 'li.wei')?.admin, false);
  assert.equal(row('CloudUser', 'li.wei')?.noMfa, false, 'li.wei has an MFA device');
  assert.equal(row('CloudUser', 'chen.jie'), undefined, 'deleted in week 3');
  // chen.jie had no console login; zhang.min has one without MFA but no admin policy.
  assert.deepEqual([row('CloudUser', 'zhang.min')?.admin, row('CloudUser', 'zhang.min')?.noMfa], [false, true]);
  assert.equal(row('CloudGroup', 'developers')?.related, 2, 'zhang.min and zhao.lei');
  assert.equal(row('CloudGroup', 'developers')?.policies, 3, 'week 4 adds ack-ram-tool-rbac-required');
  assert.equal(rows.filter((r) => r.admin).length, 1);
});

test('a policy lists its statements by 0-based index and its holders, direct and through groups', () => {
  const detail = policyDetail(demoPage(), 'System', 'AliyunRAMReadOnlyAccess');
  assert.ok(detail);
  assert.equal(detail.body.defaultVersion, 'v3');
  assert.deepEqual(
    detail.statements.map((s) => s.index),
    [0, 1],
  );
  assert.deepEqual(
    detail.holders.map((h) => [h.kind, h.name, h.viaGroup ?? '']),
    [
      ['CloudGroup', 'platform', ''],
      ['CloudUser', 'li.wei', 'platform'],
    ],
  );
  assert.equal(policyDetail(demoPage(), 'Custom', 'AliyunRAMReadOnlyAccess'), null, 'type is part of the key');
});

test('admin only under a condition is its own flag, and the subject detail names the condition', async () => {
  const objects = [
    account(),
    policy('AdministratorAccess', allow('*'), 'System'),
    policy('admin-from-office', allow('*', '*', { IpAddress: { 'acs:SourceIp': '10.0.0.0/8' } })),
    user('root-like', '1', { attachedPolicies: [attach('AdministratorAccess', 'System')] }),
    user('office-admin', '2', {
      attachedPolicies: [attach('admin-from-office')],
      loginProfile: { enabled: true },
    }),
  ];
  const cloud = decodeCloudObjects(objects);
  const page = cloudPageOf({ name: 'ram' } as Source, { id: 1 } as SnapshotSummary, cloud, accountFromCloudObjects(cloud));
  const rows = listCloudPrincipals(page).map((r) => [r.name, r.admin, r.conditionalAdmin, r.noMfa]);
  assert.deepEqual(rows, [
    ['office-admin', false, true, true],
    ['root-like', true, false, false],
  ]);
  // Only the links part of the store is read, and no cloud source is linked here.
  const store = { links: { listForCloud: () => Promise.resolve([]) } } as unknown as Store;
  const detail = await cloudSubjectDetail(store, page, 'CloudUser', 'office-admin');
  assert.ok(detail);
  assert.deepEqual(detail.admin, []);
  assert.deepEqual(detail.conditionalAdmin?.conditions, [
    { policy: 'admin-from-office', index: 0, effect: 'Allow', condition: { IpAddress: { 'acs:SourceIp': ['10.0.0.0/8'] } } },
  ]);
  assert.equal(detail.user && noMfaWithLogin(detail.user), true, 'the pages import the indicator from here');
});
