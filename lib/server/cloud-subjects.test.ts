// The cloud principal list (admin and no-MFA indicators) and the Policy page's read model, on the
// demo RAM account's week-4 objects (lib/server/demo/ram-account.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cloudHeadlines } from '../core/headlines';
import { buildCloudAccount } from '../core/ram/account';
import type { Source, SnapshotSummary } from '../core/snapshot/types';
import { listCloudPrincipals, type CloudPage } from './cloud-subjects';
import { buildDemoRamAccount } from './demo/ram-account';
import { policyDetail } from './policies';

function demoPage(): CloudPage {
  const objects = buildDemoRamAccount(4);
  const admins = new Map(cloudHeadlines(objects).admins.map((a) => [`${a.kind}/${a.name}`, a.grants]));
  // Only the fields the read models use; the store fills the rest in production.
  return {
    source: { name: 'demo-ram' } as Source,
    snapshot: { id: 1 } as SnapshotSummary,
    account: buildCloudAccount(objects),
    objects,
    admins,
  };
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
