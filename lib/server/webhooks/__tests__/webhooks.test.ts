// Webhooks end to end on a real SQLite store and a local HTTP receiver: high-impact gains queue a
// generic JSON and a Slack payload, deliveries retry after a 500 and give up after N attempts,
// and the URL (a secret) is never shown or put into an error. The new-findings event has its own
// tests in new-findings.test.ts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Source, StoredObject } from '../../../core/snapshot/types';
import { openStore, recordSnapshot, type Store } from '../../../store';
import { collected, role, toStored } from '../../../store/__tests__/objects';
import { sqliteTestDatabase, type TestDatabase } from '../../../store/__tests__/test-databases';
import { runSnapshot } from '../../run-snapshot';
import { Scheduler } from '../../scheduler/scheduler';
import { deliverDueWebhooks } from '../deliver';
import { notifyHighImpactGains } from '../notify';
import { EVENT } from '../payload';
import { answerOf } from '../../http/__tests__/answer-of';
import { addWebhookAnswer, listWebhooksAnswer, removeWebhookAnswer } from '../webhook-api';
import { startReceiver, type Receiver } from './receiver';

process.env.ACCESS_ATLAS_SECRET_KEY = randomBytes(32).toString('base64');
// The receiver listens on 127.0.0.1, which the outbound guard refuses unless the operator allows
// it; these tests are about delivery, so they allow it (webhook-targets.test.ts covers refusals).
process.env.ACCESS_ATLAS_ALLOWED_TARGETS = '127.0.0.1/32';

const T0 = new Date('2026-03-02T10:00:00Z');
const TOKEN = 'T000/B000/s3cr3t-token';

const clusterAdmin = toStored({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: { name: 'cluster-admin' },
  rules: [
    { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
    { nonResourceURLs: ['*'], verbs: ['*'] },
  ],
});
const ciAdmin = toStored({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: 'ci-admin' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
  subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace: 'ci' }],
});
const readerBinding = toStored({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name: 'readers', namespace: 'ns' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
  subjects: [{ kind: 'Group', name: 'readers', apiGroup: 'rbac.authorization.k8s.io' }],
});
const week1: StoredObject[] = [clusterAdmin, role('ns', 'r'), readerBinding];
const week2: StoredObject[] = [...week1, ciAdmin];

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

async function newSource(name: string): Promise<Source> {
  return store.ensureSource({ name, kind: 'cluster', connection: { type: 'files', paths: [`/data/${name}`] } });
}

test('high-impact gains reach a generic JSON and a Slack webhook; the URL is shown by host only', async () => {
  const source = await newSource('prod');
  const json = await addWebhookAnswer(store, 'prod', { url: `${receiver.base}/json/${TOKEN}`, format: 'json' });
  const slack = await addWebhookAnswer(store, 'prod', { url: `${receiver.base}/slack/${TOKEN}`, format: 'slack' });
  assert.equal(json.status, 201);
  assert.equal(slack.status, 201);
  const listed = await listWebhooksAnswer(store, 'prod');
  const text = JSON.stringify(listed.body);
  assert.ok(!text.includes(TOKEN), 'the listing never holds the URL');
  assert.deepEqual(
    (listed.body.webhooks as { host: string; format: string }[]).map((w) => [w.format, w.host]),
    [
      ['json', new URL(receiver.base).host],
      ['slack', new URL(receiver.base).host],
    ],
  );

  const first = await recordSnapshot(store, 'prod', 'cluster', { ok: true, snapshot: collected(week1) }, 'week 1');
  assert.equal(await notifyHighImpactGains(store, source, first, T0), 0, 'a first snapshot has nothing to compare with');
  const second = await recordSnapshot(store, 'prod', 'cluster', { ok: true, snapshot: collected(week2) }, 'week 2');
  assert.equal(await notifyHighImpactGains(store, source, second, T0), 2);
  assert.equal(await notifyHighImpactGains(store, source, second, T0), 0, 'queued once per webhook and snapshot');

  const report = await deliverDueWebhooks(store, T0);
  assert.deepEqual(report, { delivered: 2, retried: 0, failed: 0 });
  const got = receiver.received.filter((r) => r.path.endsWith(TOKEN));
  assert.equal(got.length, 2);
  const generic = got.find((r) => r.path.startsWith('/json/'))?.body as Record<string, unknown>;
  const gains = generic.gains as { subject: string; grant: string; rules: string[]; causes: string[] }[];
  assert.equal(generic.event, 'access-atlas.high-impact-gains');
  assert.deepEqual(generic.source, { name: 'prod', kind: 'cluster' });
  assert.deepEqual(generic.snapshot, { id: second.id, seq: 2, finishedAt: second.finishedAt?.toISOString() });
  assert.equal(generic.link, `/sources/prod/diff?from=${first.id}&to=${second.id}`);
  assert.equal(generic.totalGains, gains.length);
  assert.ok(gains.length >= 1);
  for (const gain of gains) {
    assert.equal(gain.subject, 'ServiceAccount ci/deployer');
    assert.ok(gain.rules.includes('full-wildcard'), `${gain.grant} is * on *`);
    assert.ok(
      gain.causes.some((c) => c.includes('ci-admin')),
      `${gain.grant} names its cause`,
    );
  }
  const slackBody = got.find((r) => r.path.startsWith('/slack/'))?.body as { text: string; blocks: { type: string }[] };
  assert.equal(slackBody.text, `${gains.length} high-impact permission gain${gains.length === 1 ? '' : 's'} in prod (snapshot 2)`);
  assert.deepEqual(
    slackBody.blocks.map((b) => b.type),
    ['header', 'section', 'context'],
  );
  assert.match(JSON.stringify(slackBody.blocks[1]), /\*ServiceAccount ci\/deployer\* can now/);
  assert.ok(got.every((r) => r.contentType === 'application/json'));

  const third = await recordSnapshot(store, 'prod', 'cluster', { ok: true, snapshot: collected(week2) }, 'week 3');
  assert.equal(await notifyHighImpactGains(store, source, third, T0), 0, 'no gains, no message');
});

test('a delivery is retried after a 500 with backoff and given up after N attempts, naming only the host', async () => {
  const source = await newSource('flaky-target');
  const flaky = await store.webhooks.add(
    source.id,
    'json',
    (await import('../../secret-box')).sealSecret(`${receiver.base}/flaky/${TOKEN}`),
  );
  const down = await store.webhooks.add(source.id, 'json', (await import('../../secret-box')).sealSecret(`${receiver.base}/down/${TOKEN}`));
  receiver.script(`/flaky/${TOKEN}`, [500, 200]);
  receiver.script(`/down/${TOKEN}`, [500]);
  const snap = await recordSnapshot(store, 'flaky-target', 'cluster', { ok: true, snapshot: collected(week1) }, 'w');
  await store.webhooks.enqueue(flaky.id, snap.id, JSON.stringify({ n: 1 }), T0, EVENT);
  await store.webhooks.enqueue(down.id, snap.id, JSON.stringify({ n: 2 }), T0, EVENT);
  const opts = { maxAttempts: 3, backoff: { baseMs: 1000, capMs: 10_000 } };
  const at = (ms: number) => new Date(T0.getTime() + ms);

  assert.deepEqual(await deliverDueWebhooks(store, at(0), opts), { delivered: 0, retried: 2, failed: 0 });
  assert.deepEqual(await deliverDueWebhooks(store, at(500), opts), { delivered: 0, retried: 0, failed: 0 }, 'not due before the backoff');
  assert.deepEqual(await deliverDueWebhooks(store, at(1000), opts), { delivered: 1, retried: 1, failed: 0 });
  assert.deepEqual(await deliverDueWebhooks(store, at(2500), opts), { delivered: 0, retried: 0, failed: 0 }, 'second wait is 2 s');
  assert.deepEqual(await deliverDueWebhooks(store, at(3000), opts), { delivered: 0, retried: 0, failed: 1 });
  assert.deepEqual(await deliverDueWebhooks(store, at(60_000), opts), { delivered: 0, retried: 0, failed: 0 }, 'given up for good');

  const deliveries = await store.webhooks.listDeliveries(source.id);
  const byHook = new Map(deliveries.map((d) => [d.webhookId, d]));
  assert.equal(byHook.get(flaky.id)?.status, 'delivered');
  assert.equal(byHook.get(flaky.id)?.attempts, 2);
  const gaveUp = byHook.get(down.id);
  assert.equal(gaveUp?.status, 'failed');
  assert.equal(gaveUp?.attempts, 3);
  assert.equal(gaveUp?.lastError, `HTTP 500 from ${new URL(receiver.base).host} (gave up after 3 attempts)`);
  assert.equal(receiver.received.filter((r) => r.path === `/flaky/${TOKEN}`).length, 2);
  assert.equal(receiver.received.filter((r) => r.path === `/down/${TOKEN}`).length, 3);
  assert.ok(!JSON.stringify((await listWebhooksAnswer(store, 'flaky-target')).body).includes(TOKEN));
});

test('an unreachable receiver is retried; the error names the host, never the URL', async () => {
  const source = await newSource('nowhere');
  const closed = await startReceiver();
  const url = `${closed.base}/gone/${TOKEN}`;
  await closed.close();
  const hook = await store.webhooks.add(source.id, 'slack', (await import('../../secret-box')).sealSecret(url));
  const snap = await recordSnapshot(store, 'nowhere', 'cluster', { ok: true, snapshot: collected(week1) }, 'w');
  await store.webhooks.enqueue(hook.id, snap.id, '{}', T0, EVENT);
  assert.deepEqual(await deliverDueWebhooks(store, T0, { timeoutMs: 2000 }), { delivered: 0, retried: 1, failed: 0 });
  const [delivery] = await store.webhooks.listDeliveries(source.id);
  assert.match(delivery?.lastError ?? '', new RegExp(`^cannot reach ${new URL(closed.base).host.replace(/\./g, '\\.')}`));
  assert.ok(!(delivery?.lastError ?? '').includes(TOKEN));
  assert.deepEqual(delivery?.nextAttemptAt, new Date(T0.getTime() + 30_000));
});

test('the scheduler announces a scheduled snapshot with high-impact gains (and its new findings) in the same tick', async () => {
  const source = await newSource('scheduled');
  await addWebhookAnswer(store, 'scheduled', { url: `${receiver.base}/sched/${TOKEN}`, format: 'json' });
  await recordSnapshot(store, 'scheduled', 'cluster', { ok: true, snapshot: collected(week1) }, 'before');
  await store.schedules.set(source.id, { cron: '0 */6 * * *', enabled: true, nextRunAt: T0 });
  const scheduler = new Scheduler(store, {
    owner: 'webhook-test',
    clock: { now: () => T0 },
    run: (s, src) => recordSnapshot(s, src.name, src.kind, { ok: true, snapshot: collected(week2) }, 'scheduled'),
    log: () => undefined,
  });
  const report = await scheduler.tick();
  assert.equal(report.ran[0]?.outcome, 'complete');
  // Binding ci/deployer to cluster-admin is both: a high-impact gain and a new critical finding.
  assert.deepEqual(report.deliveries, { delivered: 2, retried: 0, failed: 0 });
  const bodies = receiver.received
    .filter((r) => r.path === `/sched/${TOKEN}`)
    .map((r) => r.body as { event: string; source: { name: string } });
  assert.deepEqual(
    bodies.map((b) => b.event),
    ['access-atlas.high-impact-gains', 'access-atlas.new-findings'],
  );
  assert.ok(bodies.every((b) => b.source.name === 'scheduled'));
});

test("webhook routes refuse bad input by name and remove only the source's own webhook", async () => {
  await newSource('api');
  const bad = await answerOf(addWebhookAnswer(store, 'api', { url: 'ftp://example.com/x', format: 'json' }));
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error?.param, 'url');
  assert.match(String(bad.body.error?.message), /http:\/\/ or https:\/\//);
  assert.equal(
    (await answerOf(addWebhookAnswer(store, 'api', { url: 'https://example.com/x', format: 'teams' }))).body.error?.param,
    'format',
  );
  assert.equal((await answerOf(addWebhookAnswer(store, 'missing', { url: 'https://example.com/x' }))).status, 404);
  const added = await addWebhookAnswer(store, 'api', { url: 'https://hooks.example.com/services/abc' });
  const id = (added.body.webhook as { id: number; format: string }).id;
  assert.equal((added.body.webhook as { format: string }).format, 'json');
  assert.equal((await answerOf(removeWebhookAnswer(store, 'prod', String(id)))).status, 404, 'another source cannot remove it');
  assert.equal((await answerOf(removeWebhookAnswer(store, 'api', 'x'))).body.error?.param, 'id');
  assert.deepEqual((await removeWebhookAnswer(store, 'api', String(id))).body, { ok: true, removed: id });
  assert.deepEqual((await listWebhooksAnswer(store, 'api')).body.webhooks, []);
});

test('a manual snapshot (runSnapshot) queues the announcement too; the next delivery pass sends it', async () => {
  const source = await newSource('manual');
  await addWebhookAnswer(store, 'manual', { url: `${receiver.base}/manual/${TOKEN}`, format: 'slack' });
  const files = (objects: StoredObject[]) => ({ files: () => Promise.resolve({ ok: true as const, snapshot: collected(objects) }) });
  await runSnapshot(store, source, { trigger: 'manual', collectors: files(week1) });
  assert.deepEqual(await store.webhooks.listDeliveries(source.id), []);
  const second = await runSnapshot(store, source, { trigger: 'manual', collectors: files(week2) });
  const queued = await store.webhooks.listDeliveries(source.id);
  assert.deepEqual(
    queued.map((d) => [d.snapshotId, d.event, d.status]),
    [
      [second.id, 'access-atlas.new-findings', 'pending'],
      [second.id, 'access-atlas.high-impact-gains', 'pending'],
    ],
  );
  assert.equal((await deliverDueWebhooks(store, new Date())).delivered, 2);
  assert.equal(receiver.received.filter((r) => r.path === `/manual/${TOKEN}`).length, 2);
});
