// The demo RAM account and the ACK layer of the demo cluster tell the story ram-account.ts
// promises, as the link engine (lib/core/links) and the cloud engine read them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { toClusterObjects } from '../../core/kube/to-cluster-objects';
import { linkCluster, podRolesFromObjects } from '../../core/links';
import { evaluateCloudFindings } from '../../core/findings/evaluate-cloud';
import { accountFromCloudObjects, buildCloudAccount, cloudCanI } from '../../core/ram/account';
import { decodeCloudObjects } from '../../core/ram/decode-bodies';
import type { CloudPolicyBody, CloudUserBody } from '../../core/ram/model';
import type { StoredObject } from '../../core/snapshot/types';
import { buildDemoCluster } from './demo-cluster';
import { buildDemoRamAccount, demoRamExport } from './ram-account';
import { DEMO_ACK_CLUSTER_ID, DEMO_RAM_ACCOUNT_ID, DEMO_RAM_PEOPLE, DEMO_RRSA_ISSUER } from './ram-identities';
import type { DemoWeek } from './tenant-layer';

function links(week: DemoWeek) {
  const cluster = buildDemoCluster(week);
  const account = buildCloudAccount(buildDemoRamAccount(week));
  return linkCluster(account, {
    source: 'demo-cluster',
    clusterRef: DEMO_ACK_CLUSTER_ID,
    issuer: DEMO_RRSA_ISSUER,
    objects: toClusterObjects(cluster.map((o) => o.body)),
    podRoles: podRolesFromObjects(cluster),
  });
}

const body = <T>(objects: StoredObject[], kind: string, name: string): T => {
  const found = objects.find((o) => o.kind === kind && o.name === name);
  assert.ok(found, `${kind} ${name}`);
  return found.body as unknown as T;
};

void describe('demo RAM account', () => {
  void test('every week builds without warnings: each attached policy has its document', async () => {
    const { buildRamObjects } = await import('../../collect/ram/build-ram-snapshot');
    const { ramExportSchema } = await import('../../collect/ram/ram-export');
    for (const week of [1, 2, 3, 4] as const)
      assert.deepEqual(buildRamObjects(ramExportSchema.parse(demoRamExport(week))).warnings, [], `week ${week}`);
  });

  void test('RAM users are bound in the cluster by UID; the deleted user’s binding is orphaned from week 3', () => {
    const { liWei, zhangMin, chenJie, zhaoLei } = DEMO_RAM_PEOPLE;
    const week2 = links(2).ack;
    assert.deepEqual(
      week2.linked.map((l) => `${l.binding.name}→${l.identity.name}`).sort(),
      [
        `${zhaoLei.uid}-team-ml-rolebinding→zhao.lei`,
        `${chenJie.uid}-team-data-rolebinding→chen.jie`,
        `${liWei.uid}-clusterrolebinding→li.wei`,
        `${zhangMin.uid}-team-payments-rolebinding→zhang.min`,
      ].sort(),
    );
    assert.deepEqual(week2.orphaned, []);
    const week3 = links(3).ack;
    assert.deepEqual(
      week3.orphaned.map((o) => `${o.binding.namespace ?? ''}/${o.binding.name}`),
      [`team-data/${chenJie.uid}-team-data-rolebinding`],
    );
    assert.equal(week3.linked.length, 3);
  });

  void test('the RRSA workload is confirmed by its exact trust policy; the shared role’s trust is flagged open', () => {
    const result = links(4);
    const rrsa = result.workloads.find((w) => w.role === 'oss-backup-rrsa');
    assert.equal(rrsa?.status, 'confirmed');
    assert.equal(`${rrsa?.namespace}/${rrsa?.serviceAccount}`, 'cloud-sync/oss-backup');
    assert.deepEqual(
      result.openTrust.map((f) => f.role),
      ['ack-shared-workload'],
    );
    assert.deepEqual(result.problems, []);
  });

  void test('fixtures/ram-account/demo.json is the week-4 account in the export layout, and imports to the same objects', async () => {
    const { readFile } = await import('node:fs/promises');
    const { collectFromRamFiles } = await import('../../collect/ram/collect-from-ram-files');
    const file = 'fixtures/ram-account/demo.json';
    assert.deepEqual(
      JSON.parse(await readFile(file, 'utf8')),
      JSON.parse(JSON.stringify(demoRamExport(4))),
      `regenerate ${file} from demoRamExport(4)`,
    );
    const imported = await collectFromRamFiles([file]);
    assert.ok(imported.ok);
    assert.deepEqual(
      imported.snapshot.objects.map((o) => o.hash).sort(),
      buildDemoRamAccount(4)
        .map((o) => o.hash)
        .sort(),
    );
  });

  void test('drift: week 3 changes a policy’s default version, week 4 adds an attachment; the break-glass user is admin without MFA', () => {
    const before = body<CloudPolicyBody>(buildDemoRamAccount(2), 'CloudPolicy', 'oss-backup-access');
    const after = body<CloudPolicyBody>(buildDemoRamAccount(3), 'CloudPolicy', 'oss-backup-access');
    assert.deepEqual([before.defaultVersion, after.defaultVersion], ['v1', 'v2']);
    const attached = (week: DemoWeek) =>
      body<{ attachedPolicies: { policyName: string }[] }>(buildDemoRamAccount(week), 'CloudGroup', 'developers').attachedPolicies.map(
        (p) => p.policyName,
      );
    assert.ok(!attached(3).includes('ack-ram-tool-rbac-required'));
    assert.ok(attached(4).includes('ack-ram-tool-rbac-required'));
    const admin = body<CloudUserBody>(buildDemoRamAccount(4), 'CloudUser', 'ops-breakglass');
    assert.deepEqual(
      admin.attachedPolicies.map((p) => `${p.policyType}/${p.policyName}`),
      ['System/AdministratorAccess'],
    );
    assert.equal(admin.mfaEnabled, false);
    assert.equal(admin.loginProfile?.enabled, true);
    const hashes = (week: DemoWeek) => new Set(buildDemoRamAccount(week).map((o) => o.hash));
    const unchanged = [...hashes(1)].filter((h) => hashes(2).has(h)).length;
    assert.ok(unchanged >= buildDemoRamAccount(1).length - 2, 'weeks differ only where the story says');
  });

  void test('the cloud engine answers the demo’s questions: the admin may delete the cluster, the RRSA role may write its bucket', () => {
    const decision = (week: DemoWeek, kind: 'user' | 'role', name: string, action: string, resource: string) => {
      const result = cloudCanI(buildCloudAccount(buildDemoRamAccount(week)), { kind, name }, { action, resource, context: new Map() });
      assert.ok(result.ok);
      return result.answer.decision;
    };
    const cluster = `acs:cs:*:${DEMO_RAM_ACCOUNT_ID}:cluster/${DEMO_ACK_CLUSTER_ID}`;
    assert.equal(decision(4, 'user', 'ops-breakglass', 'cs:DeleteCluster', cluster), 'Allow');
    assert.equal(decision(3, 'user', 'zhang.min', 'cs:DeleteCluster', cluster), 'ImplicitDeny');
    assert.equal(decision(4, 'user', 'zhang.min', 'cs:DeleteCluster', cluster), 'Allow', 'week 4: developers got cs:*');
    const backup = `acs:oss:*:${DEMO_RAM_ACCOUNT_ID}:myphotos/backups/db.tar`;
    const other = `acs:oss:*:${DEMO_RAM_ACCOUNT_ID}:payroll/2026.csv`;
    assert.equal(decision(2, 'role', 'oss-backup-rrsa', 'oss:PutObject', backup), 'Allow');
    assert.equal(decision(2, 'role', 'oss-backup-rrsa', 'oss:GetObject', other), 'ImplicitDeny', 'v1 is limited to myphotos');
    assert.equal(decision(3, 'role', 'oss-backup-rrsa', 'oss:GetObject', other), 'Allow', 'v2 opened every bucket');
  });

  void test('account-level findings: root AccessKey, RG-scoped admin, the deleted contractor’s kubeconfig orphaned from week 3, 3-year kubeconfigs', () => {
    const findingsOf = (week: DemoWeek) => {
      const objects = decodeCloudObjects(buildDemoRamAccount(week));
      const rules = ['ram.root-accesskey', 'ram.admin-equivalent', 'ack.kubeconfig-orphaned', 'ack.kubeconfig-long-lived'];
      const result = evaluateCloudFindings({
        source: 'demo-ram',
        objects,
        account: accountFromCloudObjects(objects),
        now: new Date('2026-12-06T00:00:00Z'),
        rules,
      });
      assert.deepEqual(result.notEvaluated, []);
      return result.findings.map((f) => `${f.rule} ${f.subject?.kind} ${f.subject?.name} @${f.scope}`).sort();
    };
    const week2 = findingsOf(2);
    assert.ok(!week2.some((f) => f.startsWith('ack.kubeconfig-orphaned')), 'chen.jie still exists in week 2');
    assert.deepEqual(findingsOf(4), [
      `ack.kubeconfig-long-lived CloudAccount ${DEMO_RAM_ACCOUNT_ID} @account`,
      'ack.kubeconfig-long-lived CloudUser chen.jie @account',
      'ack.kubeconfig-long-lived CloudUser li.wei @account',
      'ack.kubeconfig-orphaned CloudUser chen.jie @account',
      'ram.admin-equivalent CloudUser ops-breakglass @account',
      'ram.admin-equivalent CloudUser zhao.lei @resource-group:rg-aek2demoml01',
      `ram.root-accesskey CloudAccount ${DEMO_RAM_ACCOUNT_ID} @account`,
    ]);
  });
});
