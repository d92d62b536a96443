// ram.worker-role-broad and ram.orphan-ack-binding. The worker cases use ACK's documented worker
// policy (testdata/ack-worker-role-policy.json, copied from
// https://www.alibabacloud.com/help/en/ack/product-overview/ack-reduces-the-permissions-of-worker-ram-roles-in-managed-kubernetes-clusters)
// and real documents from fixtures/real-world-ram; the orphan cases the linked account and cluster of
// fixtures/ram-links (one binding per UID, one of them orphaned).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectFromFiles } from '../../collect/files';
import { collectFromRamFiles } from '../../collect/ram';
import { toClusterObjects } from '../kube/to-cluster-objects';
import { accountFromCloudObjects } from '../ram/account';
import { account, allow, attach, deny, fixture, policy, role } from '../ram/account/testdata/objects';
import { decodeCloudObjects } from '../ram/decode-bodies';
import type { JsonObject, StoredObject } from '../snapshot/types';
import type { LinkedClusterBindings } from './cloud-orphans';
import { evaluateCloudFindings } from './evaluate-cloud';
import type { FindingsResult } from './types';

const NOW = new Date('2026-12-01T00:00:00Z');
const WORKER_POLICY = JSON.parse(readFileSync(join(import.meta.dirname, 'testdata', 'ack-worker-role-policy.json'), 'utf8')) as JsonObject;
const LINKS = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'ram-links');

function run(rule: string, objects: StoredObject[], linkedClusters?: LinkedClusterBindings[]): FindingsResult {
  const decoded = decodeCloudObjects(objects);
  return evaluateCloudFindings({
    source: 'test',
    objects: decoded,
    account: accountFromCloudObjects(decoded),
    now: NOW,
    rules: [rule],
    ...(linkedClusters ? { linkedClusters } : {}),
  });
}

const lines = (r: FindingsResult) =>
  r.findings.map(
    (f) =>
      `${f.subject?.kind} ${f.subject?.name}${f.object ? ` ${f.object.kind} ${f.object.namespace ?? ''}/${f.object.name}` : ''}${f.conditional ? ' (conditional)' : ''}`,
  );

describe('ram.worker-role-broad', () => {
  const rule = 'ram.worker-role-broad';
  const WORKER = 'KubernetesWorkerRole-0f1e2d3c-aaaa-bbbb-cccc-123456789abc';
  const worker = (...policies: [string, 'Custom' | 'System', ({ kind: 'resource-group'; resourceGroupId: string } | undefined)?][]) =>
    role(WORKER, 'r-worker', fixture('trust-service-ecs'), {
      attachedPolicies: policies.map(([name, type, scope]) => attach(name, type, scope ?? { kind: 'account' })),
    });
  const base = [account(), policy('k8sWorkerRolePolicy', WORKER_POLICY)];

  test("negative: ACK's documented worker policy is what nodes need", () => {
    assert.deepEqual(run(rule, [...base, worker(['k8sWorkerRolePolicy', 'Custom'])]).findings, []);
  });
  test('positive: oss:* on every bucket (the demo backup policy shape), with the statement as evidence', () => {
    const result = run(rule, [
      ...base,
      policy('oss-all', allow('oss:*')),
      worker(['k8sWorkerRolePolicy', 'Custom'], ['oss-all', 'Custom']),
    ]);
    assert.deepEqual(lines(result), [`CloudRole ${WORKER}`]);
    const e = result.findings[0]?.evidence[0];
    assert.ok(e?.kind === 'object');
    assert.equal((e.value as { request: string }).request, 'oss:GetObject on *');
  });
  test('admin-equivalent worker role: the admin verdict is the evidence', () => {
    const result = run(rule, [...base, policy('AdministratorAccess', allow('*'), 'System'), worker(['AdministratorAccess', 'System'])]);
    assert.deepEqual(lines(result), [`CloudRole ${WORKER}`]);
    assert.deepEqual(
      result.findings[0]?.evidence.map((e) => (e.kind === 'object' ? e.field : e.kind)),
      ['admin-equivalent'],
    );
  });
  test('conditional: KMS decrypt only over HTTPS is reported as conditional', () => {
    const kms = policy('kms-https', allow('kms:Decrypt', '*', { Bool: { 'acs:SecureTransport': 'true' } }));
    assert.deepEqual(lines(run(rule, [...base, kms, worker(['kms-https', 'Custom'])])), [`CloudRole ${WORKER} (conditional)`]);
  });
  test('NotAction ram:* is data access; Deny overrides; a bucket named, or a resource-group scope, is not every resource', () => {
    const allButRam: JsonObject = { Version: '1', Statement: [{ Effect: 'Allow', NotAction: 'ram:*', Resource: '*' }] };
    assert.deepEqual(lines(run(rule, [...base, policy('all-but-ram', allButRam), worker(['all-but-ram', 'Custom'])])), [
      `CloudRole ${WORKER}`,
    ]);
    const none = run(rule, [
      ...base,
      policy('oss-all', allow('oss:*')),
      policy('deny-data', deny(['oss:*', 'kms:*'])),
      policy('oss-bucket-full', fixture('oss-bucket-full')),
      role(`${WORKER}-denied`, 'r1', fixture('trust-service-ecs'), { attachedPolicies: [attach('oss-all'), attach('deny-data')] }),
      role(`${WORKER}-bucket`, 'r2', fixture('trust-service-ecs'), { attachedPolicies: [attach('oss-bucket-full')] }),
      role(`${WORKER}-rg`, 'r3', fixture('trust-service-ecs'), {
        attachedPolicies: [attach('oss-all', 'Custom', { kind: 'resource-group', resourceGroupId: 'rg-1' })],
      }),
    ]);
    assert.deepEqual(lines(none), []);
  });
  test('not evaluated: no KubernetesWorkerRole- role (a role trusted by ECS alone is not known to be a node role); AWS', () => {
    const result = run(rule, [
      account(),
      policy('oss-all', allow('oss:*')),
      role('terway-eni', 'r1', fixture('trust-service-ecs'), { attachedPolicies: [attach('oss-all')] }),
    ]);
    assert.deepEqual(result.findings, []);
    assert.match(result.notEvaluated[0]?.reason ?? '', /no role named KubernetesWorkerRole-<id>/);
    assert.match(run(rule, [account('aws', '111122223333')]).notEvaluated[0]?.reason ?? '', /EKS node roles/);
  });
});

describe('ram.orphan-ack-binding', () => {
  const rule = 'ram.orphan-ack-binding';
  async function linked(): Promise<{ objects: StoredObject[]; cluster: LinkedClusterBindings }> {
    const ram = await collectFromRamFiles([join(LINKS, 'account.json')]);
    const kube = await collectFromFiles([join(LINKS, 'cluster.yaml')]);
    if (!ram.ok || !kube.ok) assert.fail('fixtures/ram-links did not load');
    return {
      objects: ram.snapshot.objects,
      cluster: { source: 'ack', objects: toClusterObjects(kube.snapshot.objects.map((o) => o.body)) },
    };
  }
  test("fixtures/ram-links: the binding for a UID no identity has, not ops-admin's", async () => {
    const { objects, cluster } = await linked();
    const result = run(rule, objects, [cluster]);
    assert.equal(result.notEvaluated.length, 0);
    assert.equal(result.findings.length, 1);
    const [f] = result.findings;
    assert.equal(f?.subject?.kind, 'RamId');
    assert.equal(f?.object?.kind, 'AckBinding');
    assert.equal(f?.object?.namespace, 'ack');
    assert.match(f?.object?.name ?? '', /^ClusterRoleBinding\//);
    const e = f?.evidence[0];
    assert.ok(e?.kind === 'object');
    assert.match((e.value as { reason: string }).reason, /outlived its identity/);
  });
  test('not evaluated: no linked cluster, only clusters without a usable snapshot, an AWS account', async () => {
    const { objects } = await linked();
    assert.match(run(rule, objects).notEvaluated[0]?.reason ?? '', /no ACK cluster is linked/);
    assert.match(run(rule, objects, []).notEvaluated[0]?.reason ?? '', /no ACK cluster is linked/);
    assert.match(
      run(rule, objects, [{ source: 'ack', unavailable: 'no snapshot yet' }]).notEvaluated[0]?.reason ?? '',
      /ack \(no snapshot yet\)/,
    );
    assert.match(run(rule, [account('aws', '111122223333')], []).notEvaluated[0]?.reason ?? '', /aws-auth/);
  });
});
