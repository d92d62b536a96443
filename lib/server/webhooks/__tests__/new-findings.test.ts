// The `access-atlas.new-findings` webhook event on a real SQLite store and a local HTTP receiver:
// sent beside the high-impact gains (never instead of them), for new unsuppressed critical and high
// findings only, with the findings JSON's findings, worst first; its Slack rendering; suppressions
// decided by the `now` passed in; and a findings failure that never holds back the gains.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { collectFromRamFiles } from '../../../collect/ram';
import { severityRank, type Finding } from '../../../core/findings/types';
import type { Source, StoredObject } from '../../../core/snapshot/types';
import { openStore, recordSnapshot, type Store } from '../../../store';
import { collected, role, toStored } from '../../../store/__tests__/objects';
import { sqliteTestDatabase, type TestDatabase } from '../../../store/__tests__/test-databases';
import { findingsBetween } from '../../drift';
import { deliverDueWebhooks } from '../deliver';
import { NEW_FINDINGS_EVENT } from '../findings-payload';
import { findNewFindings } from '../new-findings';
import { announceSnapshot, notifyHighImpactGains, notifyNewFindings } from '../notify';
import { addWebhookAnswer } from '../webhook-api';
import { startReceiver, type Receiver } from './receiver';

const EXAMPLE_ACCOUNT = resolve(import.meta.dirname, '..', '..', '..', '..', 'fixtures', 'ram-account', 'example.json');

process.env.ACCESS_ATLAS_SECRET_KEY = randomBytes(32).toString('base64');
// The receiver listens on 127.0.0.1, which the outbound guard refuses unless the operator allows it.
process.env.ACCESS_ATLAS_ALLOWED_TARGETS = '127.0.0.1/32';

const T0 = new Date('2026-03-02T10:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const TOKEN = 'T000/B000/f1nd1ngs-token';
const RBAC = 'rbac.authorization.k8s.io';

/** The findings JSON's keys (README "Findings (CLI and API)"), in its order. */
const FINDING_KEYS = [
  'id',
  'rule',
  'severity',
  'title',
  'layer',
  'source',
  'subject',
  'object',
  'scope',
  'evidence',
  'builtIn',
  'suppressed',
];

const clusterAdmin = toStored({
  apiVersion: `${RBAC}/v1`,
  kind: 'ClusterRole',
  metadata: { name: 'cluster-admin' },
  rules: [
    { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
    { nonResourceURLs: ['*'], verbs: ['*'] },
  ],
});
const ciAdmin = toStored({
  apiVersion: `${RBAC}/v1`,
  kind: 'ClusterRoleBinding',
  metadata: { name: 'ci-admin' },
  roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'cluster-admin' },
  subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' }],
});
const secretsReader = toStored({
  apiVersion: `${RBAC}/v1`,
  kind: 'ClusterRole',
  metadata: { name: 'secrets-reader' },
  rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] }],
});
const reporterReadsSecrets = toStored({
  apiVersion: `${RBAC}/v1`,
  kind: 'RoleBinding',
  metadata: { name: 'reporter-reads-secrets', namespace: 'ns' },
  roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: 'secrets-reader' },
  subjects: [{ kind: 'ServiceAccount', name: 'reporter', namespace: 'ci' }],
});
// A Role with a wildcard verb that nobody is bound to: a medium finding (k8s.wildcard-rule), no grant.
const unboundWildcard = toStored({
  apiVersion: `${RBAC}/v1`,
  kind: 'Role',
  metadata: { name: 'config-anything', namespace: 'ns' },
  rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['*'] }],
});
const base: StoredObject[] = [clusterAdmin, secretsReader, role('ns', 'r')];

let db: TestDatabase;
let store: Store;
let receiver: Receiver;

before(async () => {
  db = sqliteTestDatabase();
  store = await openStore({ databaseUrl: db.url });
  receiver = await startReceiver();
});
after(async () => {
  await receiver.close();
  await store.close();
  await db.drop();
});

async function sourceWithWebhooks(name: string, formats: ('json' | 'slack')[]): Promise<Source> {
  const source = await store.ensureSource({ name, kind: 'cluster', connection: { type: 'files', paths: [`/data/${name}`] } });
  for (const format of formats) {
    const added = await addWebhookAnswer(store, name, { url: `${receiver.base}/${name}/${format}/${TOKEN}`, format });
    assert.equal(added.status, 201);
  }
  return source;
}

async function snapshotOf(name: string, objects: StoredObject[]) {
  return recordSnapshot(store, name, 'cluster', { ok: true, snapshot: collected(objects) }, 'test');
}

function bodiesAt(prefix: string): Record<string, unknown>[] {
  return receiver.received.filter((r) => r.path.startsWith(prefix)).map((r) => r.body as Record<string, unknown>);
}

test('new critical and high findings reach a JSON and a Slack webhook, beside the high-impact gains', async () => {
  const source = await sourceWithWebhooks('fprod', ['json', 'slack']);
  const first = await snapshotOf('fprod', base);
  assert.equal(await announceSnapshot(store, source, first, T0), 0, 'a first snapshot has nothing to compare with');
  const second = await snapshotOf('fprod', [...base, ciAdmin]);
  assert.equal(await announceSnapshot(store, source, second, T0), 4, 'two events to each of the two webhooks');
  assert.equal(await announceSnapshot(store, source, second, T0), 0, 'queued once per webhook, snapshot and event');
  assert.deepEqual(await deliverDueWebhooks(store, T0), { delivered: 4, retried: 0, failed: 0 });

  const json = bodiesAt('/fprod/json/');
  assert.deepEqual(
    json.map((b) => b.event),
    ['access-atlas.high-impact-gains', NEW_FINDINGS_EVENT],
  );
  const body = json[1] as Record<string, unknown>;
  assert.deepEqual(Object.keys(body), ['event', 'source', 'snapshot', 'previous', 'findings', 'total', 'link']);
  assert.deepEqual(body.source, { name: 'fprod', kind: 'cluster' });
  assert.deepEqual(body.snapshot, { id: second.id, seq: 2, finishedAt: second.finishedAt?.toISOString() });
  assert.deepEqual(body.previous, { id: first.id, seq: 1 });
  assert.equal(body.link, `/sources/fprod/diff?from=${first.id}&to=${second.id}`);

  // The findings are the diff's gained findings (the findings JSON's objects), critical and high only, worst first.
  const findings = body.findings as Finding[];
  const drift = await findingsBetween(store, source, first, second, T0);
  const expected = drift.gained.filter((f) => f.severity === 'critical' || f.severity === 'high');
  assert.ok(
    drift.gained.some((f) => f.severity === 'medium'),
    'the drift also gains a medium finding, which is not announced',
  );
  assert.equal(body.total, expected.length);
  assert.deepEqual(
    findings.map((f) => f.id),
    expected.slice(0, 20).map((f) => f.id),
  );
  for (const f of findings) {
    assert.deepEqual(Object.keys(f), FINDING_KEYS, `${f.rule} has the findings JSON's keys`);
    assert.ok(f.severity === 'critical' || f.severity === 'high', `${f.rule} is ${f.severity}`);
    assert.equal(f.suppressed, false);
    assert.ok(f.evidence.length > 0, `${f.rule} carries its evidence`);
  }
  for (let i = 1; i < findings.length; i++) {
    const [prev, cur] = [findings[i - 1] as Finding, findings[i] as Finding];
    assert.ok(severityRank(prev.severity) >= severityRank(cur.severity), 'highest severity first');
  }
  assert.deepEqual(
    { rule: findings[0]?.rule, subject: findings[0]?.subject, scope: findings[0]?.scope },
    { rule: 'k8s.cluster-admin-equivalent', subject: { kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' }, scope: 'cluster' },
  );

  const slack = bodiesAt('/fprod/slack/')[1] as { text: string; blocks: { type: string }[] };
  assert.equal(slack.text, `${expected.length} new critical/high findings in fprod (snapshot 2)`);
  assert.deepEqual(
    slack.blocks.map((b) => b.type),
    ['header', 'section', 'context'],
  );
  const section = JSON.stringify(slack.blocks[1]);
  assert.match(
    section,
    /• \*critical\* Every verb on every resource, cluster-wide: \*ServiceAccount ci\/deployer\* cluster-wide `k8s.cluster-admin-equivalent`/,
  );
  assert.ok(!JSON.stringify(json).includes(TOKEN) && !section.includes(TOKEN), 'the URL is never in a payload');
});

test('a suppressed finding is not announced while the suppression holds; the gain is announced all the same', async () => {
  const source = await sourceWithWebhooks('fsupp', ['json']);
  const first = await snapshotOf('fsupp', base);
  const second = await snapshotOf('fsupp', [...base, reporterReadsSecrets]);
  await store.suppressions.create('fsupp', {
    rule: 'k8s.secrets-read',
    subjectPattern: 'ServiceAccount/ci/*',
    objectPattern: null,
    scope: null,
    justification: 'the reporter reads sealed secrets by design',
    owner: 'platform',
    expiresAt: new Date(T0.getTime() + 30 * DAY),
    createdBy: 'test',
    at: new Date(T0.getTime() - DAY),
  });
  assert.equal(await notifyNewFindings(store, source, second, T0), 0, 'suppressed at T0');
  assert.equal(await notifyHighImpactGains(store, source, second, T0), 1, 'reading secrets is a high-impact gain');
  const drift = await findingsBetween(store, source, first, second, T0);
  assert.deepEqual(
    drift.gained.map((f) => [f.rule, f.suppressed]),
    [['k8s.secrets-read', true]],
    'the diff shows it, marked',
  );
  // The same snapshot, asked after the suppression expired: the finding is new and unsuppressed.
  const later = await findNewFindings(store, source, second, new Date(T0.getTime() + 31 * DAY));
  assert.deepEqual(
    later?.findings.map((f) => [f.rule, f.subject?.name, f.scope]),
    [['k8s.secrets-read', 'reporter', 'ns']],
  );
});

test('medium and low findings alone are not announced', async () => {
  const source = await sourceWithWebhooks('fquiet', ['json']);
  const first = await snapshotOf('fquiet', base);
  const second = await snapshotOf('fquiet', [...base, unboundWildcard]);
  const drift = await findingsBetween(store, source, first, second, T0);
  assert.deepEqual(
    drift.gained.map((f) => [f.rule, f.severity]),
    [['k8s.wildcard-rule', 'medium']],
  );
  assert.equal(await announceSnapshot(store, source, second, T0), 0);
});

test('a cloud account: a user newly given an admin policy is announced as a new critical finding', async () => {
  const account = JSON.parse(readFileSync(EXAMPLE_ACCOUNT, 'utf8')) as { Users: { UserName: string; Policies: object[] }[] };
  const files = mkdtempSync(join(tmpdir(), 'atlas-cloud-findings-'));
  const before = join(files, 'before.json');
  const later = join(files, 'after.json');
  writeFileSync(before, JSON.stringify(account));
  const bob = account.Users.find((u) => u.UserName === 'bob');
  assert.ok(bob);
  bob.Policies.push({ PolicyName: 'admin-except-billing', PolicyType: 'Custom' });
  writeFileSync(later, JSON.stringify(account));
  const source = await store.ensureSource({ name: 'fcloud', kind: 'cloud-account', connection: {} });
  const first = await recordSnapshot(store, 'fcloud', 'cloud-account', () => collectFromRamFiles([before]), 'test');
  const second = await recordSnapshot(store, 'fcloud', 'cloud-account', () => collectFromRamFiles([later]), 'test');
  assert.equal(second.status, 'complete', second.error ?? '');
  assert.ok(first.id < second.id);
  const found = await findNewFindings(store, source, second, T0);
  assert.deepEqual(
    found?.findings.map((f) => [f.severity, f.rule, f.subject?.name]),
    [['critical', 'ram.admin-equivalent', 'bob']],
  );
  rmSync(files, { recursive: true, force: true });
});

test('when the findings cannot be evaluated, the gains are still queued and the failure is reported', async () => {
  const source = await sourceWithWebhooks('fbroken', ['json']);
  await snapshotOf('fbroken', base);
  const second = await snapshotOf('fbroken', [...base, ciAdmin]);
  // The same store, except that the source's suppressions cannot be read (a new object: no cached drift).
  const broken: Store = Object.create(store, {
    suppressions: { value: { ...store.suppressions, list: () => Promise.reject(new Error('suppressions unreadable')) } },
  }) as Store;
  await assert.rejects(announceSnapshot(broken, source, second, T0), /access-atlas\.new-findings: suppressions unreadable/);
  const queued = await store.webhooks.listDeliveries(source.id);
  assert.deepEqual(
    queued.map((d) => d.event),
    ['access-atlas.high-impact-gains'],
  );
});
