// The cloud findings of whole accounts as the collectors read them: the RAM export example, the
// demo account, and the AWS authorization-details pages (no credentials: those rules not evaluated).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectFromAwsAuthorizationDetails } from '../../collect/aws';
import { collectFromRamFiles } from '../../collect/ram';
import { accountFromCloudObjects } from '../ram/account';
import { decodeCloudObjects } from '../ram/decode-bodies';
import type { CollectResult } from '../snapshot/types';
import { CLOUD_RULES } from './cloud-catalog';
import { compareFindings } from './evaluate';
import { evaluateCloudFindings } from './evaluate-cloud';
import type { FindingsResult } from './types';

const NOW = new Date('2026-12-01T00:00:00Z');
const NOT_COLLECTED = [
  'ram.root-accesskey',
  'ram.orphan-ack-binding',
  'ram.worker-role-broad',
  'ack.kubeconfig-orphaned',
  'ack.kubeconfig-long-lived',
];

async function findings(collect: Promise<CollectResult>): Promise<FindingsResult> {
  const result = await collect;
  if (!result.ok) assert.fail(result.error.message);
  const objects = decodeCloudObjects(result.snapshot.objects);
  return evaluateCloudFindings({ source: 'fixture', objects, account: accountFromCloudObjects(objects), now: NOW });
}

const line = (f: FindingsResult['findings'][number]) =>
  `${f.rule} ${f.subject?.kind} ${f.subject?.name}${f.object ? ` ${f.object.kind} ${f.object.name}` : ''} @${f.scope}`;

test('RAM export example.json: every finding, sorted worst first', async () => {
  const result = await findings(collectFromRamFiles(['fixtures/ram-account/example.json']));
  assert.deepEqual(result.findings.map(line), [
    'ram.admin-equivalent CloudUser alice @account',
    'ram.admin-equivalent CloudUser ci-deployer @account',
    'ram.console-without-mfa CloudUser bob @account',
    'ram.trust-open CloudRole cluster-autoscaler @account',
    'ram.trust-open CloudRole external-dns @account',
    'ram.accesskey-old CloudUser alice AccessKey LTAI5tExampleAlice0001 @account',
    'ram.accesskey-old CloudUser bob AccessKey LTAI5tExampleBob00002 @account',
    'ram.accesskey-old CloudUser ci-deployer AccessKey LTAI5tExampleCi000001 @account',
    'ram.policy-on-user CloudUser alice CloudPolicy AliyunRAMReadOnlyAccess @account',
    'ram.policy-on-user CloudUser bob CloudPolicy ecs-require-mfa @account',
    'ram.policy-on-user CloudUser ci-deployer CloudPolicy admin-except-billing @account',
    'ram.policy-on-user CloudUser ci-deployer CloudPolicy AliyunOSSFullAccess @account',
  ]);
  assert.deepEqual([...result.findings].sort(compareFindings), result.findings);
  assert.deepEqual(
    result.notEvaluated.map((n) => n.rule),
    NOT_COLLECTED,
  );
  assert.equal(new Set(result.findings.map((f) => f.id)).size, result.findings.length);
});

test('demo account: the break-glass admin without MFA, the backup role on every bucket, the shared RRSA trust', async () => {
  const result = await findings(collectFromRamFiles(['fixtures/ram-account/demo.json']));
  const lines = result.findings.map(line);
  for (const expected of [
    'ram.admin-equivalent CloudUser ops-breakglass @account',
    'ram.console-without-mfa CloudUser ops-breakglass @account',
    'ram.data-on-star CloudRole oss-backup-rrsa ActionCategory data-access @account',
    'ram.trust-open CloudRole ack-shared-workload @account',
  ])
    assert.ok(lines.includes(expected), expected);
});

test('AWS authorization details: admin by evaluation; credential rules not evaluated', async () => {
  const result = await findings(
    collectFromAwsAuthorizationDetails([
      'fixtures/aws/authorization-details/page-1.json',
      'fixtures/aws/authorization-details/page-2.json',
    ]),
  );
  assert.ok(result.findings.some((f) => f.rule === 'ram.admin-equivalent' && f.subject?.name === 'Alice'));
  const notEvaluated = result.notEvaluated.map((n) => n.rule);
  for (const rule of ['ram.console-without-mfa', 'ram.accesskey-old', 'ram.accesskey-unused', 'ram.multiple-accesskeys', ...NOT_COLLECTED])
    assert.ok(notEvaluated.includes(rule), rule);
  assert.ok(result.findings.every((f) => !notEvaluated.includes(f.rule)));
  // ram.escalation asks the engine with IAM's action names: evaluated for AWS too.
  assert.ok(!notEvaluated.includes('ram.escalation'));
});

test('catalog: unique ids, cloud layer, every rule either evaluated or listed with a reason', () => {
  assert.equal(new Set(CLOUD_RULES.map((r) => r.id)).size, CLOUD_RULES.length);
  assert.ok(CLOUD_RULES.every((r) => r.layer === 'cloud' && r.references.length > 0));
});
