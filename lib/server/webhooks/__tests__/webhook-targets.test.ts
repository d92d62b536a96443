// Webhook request forgery (issue 9, item 9): URLs naming loopback, link-local, private, CGNAT or
// mapped addresses, in any spelling, are refused when added and when delivered, unless
// ACCESS_ATLAS_ALLOWED_TARGETS names them; a receiver's redirect to the metadata service is not
// followed and nothing connects there. The URL (a secret) never appears in an error.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { channel } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { parseAllowedTargets, STRICT_POLICY, type TargetPolicy } from '../../../collect/net/target-guard';
import type { Source } from '../../../core/snapshot/types';
import { openStore, recordSnapshot, type Store } from '../../../store';
import { collected, role } from '../../../store/__tests__/objects';
import { sqliteTestDatabase, type TestDatabase } from '../../../store/__tests__/test-databases';
import { sealSecret } from '../../secret-box';
import { deliverDueWebhooks } from '../deliver';
import { EVENT } from '../payload';
import { answerOf } from '../../http/__tests__/answer-of';
import { addWebhookAnswer, listWebhooksAnswer } from '../webhook-api';
import { startReceiver, type Receiver } from './receiver';

process.env.ACCESS_ATLAS_SECRET_KEY = randomBytes(32).toString('base64');
// The default for these tests is the operator's default: no exceptions.
delete process.env.ACCESS_ATLAS_ALLOWED_TARGETS;

const T0 = new Date('2026-03-02T10:00:00Z');
const TOKEN = 'T000/B000/s3cr3t-token';

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

function allowLoopback(): TargetPolicy {
  const parsed = parseAllowedTargets('127.0.0.1/32');
  assert.ok(parsed.ok);
  return parsed.policy;
}

async function newSource(name: string): Promise<Source> {
  return store.ensureSource({ name, kind: 'cluster', connection: { type: 'files', paths: [`/data/${name}`] } });
}

/** Every address a client socket of this process tries to connect to while `fn` runs. */
async function connectionAttempts(fn: () => Promise<void>): Promise<string[]> {
  const attempts: string[] = [];
  const sockets = channel('net.client.socket');
  const onSocket = (message: unknown) => (message as { socket: Socket }).socket.on('connectionAttempt', (ip: string) => attempts.push(ip));
  sockets.subscribe(onSocket);
  try {
    await fn();
  } finally {
    sockets.unsubscribe(onSocket);
  }
  return attempts;
}

/** Queues one delivery to `url` (stored as-is, as a webhook saved before the guard would be). */
async function queueTo(source: Source, url: string): Promise<void> {
  const hook = await store.webhooks.add(source.id, 'json', sealSecret(url));
  const snap = await recordSnapshot(store, source.name, 'cluster', { ok: true, snapshot: collected([role('ns', `r-${hook.id}`)]) }, 'w');
  await store.webhooks.enqueue(hook.id, snap.id, JSON.stringify({ n: hook.id }), T0, EVENT);
}

test('adding a webhook to a loopback, link-local, CGNAT or mapped address is refused, naming the field and the variable', async () => {
  await newSource('add');
  const cases: [string, RegExp][] = [
    [`http://169.254.169.254/latest/meta-data/${TOKEN}`, /webhook URL: 169\.254\.169\.254 is a link-local address/],
    [`http://127.0.0.1:5432/${TOKEN}`, /webhook URL: 127\.0\.0\.1 is a loopback address/],
    [`http://[::1]/${TOKEN}`, /webhook URL: \[::1\] is a loopback address/],
    [`http://0x7f000001/${TOKEN}`, /webhook URL: 127\.0\.0\.1 is a loopback address/],
    [`http://2130706433/${TOKEN}`, /webhook URL: 127\.0\.0\.1 is a loopback address/],
    [`http://[::ffff:7f00:1]/${TOKEN}`, /webhook URL: \[::ffff:7f00:1\] is an IPv4-mapped address \(of 127\.0\.0\.1, a loopback address\)/],
    [`http://100.100.100.200/latest/meta-data/${TOKEN}`, /webhook URL: 100\.100\.100\.200 is a carrier-grade NAT/],
    [`http://10.0.0.5/${TOKEN}`, /webhook URL: 10\.0\.0\.5 is a private address/],
    [`http://localhost:8080/${TOKEN}`, /webhook URL: localhost is a loopback name/],
  ];
  for (const [url, expected] of cases) {
    const answer = await answerOf(addWebhookAnswer(store, 'add', { url, format: 'json' }));
    assert.equal(answer.status, 400, url);
    assert.equal(answer.body.error?.param, 'url');
    const error = String(answer.body.error?.message);
    assert.match(error, expected);
    assert.match(error, /ACCESS_ATLAS_ALLOWED_TARGETS/);
    assert.ok(!error.includes(TOKEN) && !error.includes('meta-data'), `the path stays out of the error: ${error}`);
  }
  assert.deepEqual((await listWebhooksAnswer(store, 'add')).body.webhooks, [], 'nothing was stored');
});

test('ACCESS_ATLAS_ALLOWED_TARGETS opens what it names, from the environment or given explicitly', async () => {
  await newSource('allowed');
  assert.equal(
    (await addWebhookAnswer(store, 'allowed', { url: `http://127.0.0.1:5432/${TOKEN}` }, { policy: allowLoopback() })).status,
    201,
  );
  process.env.ACCESS_ATLAS_ALLOWED_TARGETS = '169.254.169.254';
  try {
    assert.equal((await addWebhookAnswer(store, 'allowed', { url: `http://169.254.169.254/${TOKEN}` })).status, 201);
    assert.equal((await answerOf(addWebhookAnswer(store, 'allowed', { url: `http://127.0.0.1/${TOKEN}` }))).status, 400);
  } finally {
    delete process.env.ACCESS_ATLAS_ALLOWED_TARGETS;
  }
  assert.equal(
    (await addWebhookAnswer(store, 'allowed', { url: `https://hooks.example.com/services/${TOKEN}` })).status,
    201,
    'public names pass',
  );
});

test('a bad ACCESS_ATLAS_ALLOWED_TARGETS is a server error naming the variable; a URL that is not one is a 400, not a crash', async () => {
  await newSource('config');
  process.env.ACCESS_ATLAS_ALLOWED_TARGETS = '10.0.0.0/8, not a host!';
  try {
    const answer = await answerOf(addWebhookAnswer(store, 'config', { url: 'https://hooks.example.com/x' }));
    assert.equal(answer.status, 500);
    assert.deepEqual(answer.body.error, {
      code: 'internal',
      param: 'ACCESS_ATLAS_ALLOWED_TARGETS',
      message: 'ACCESS_ATLAS_ALLOWED_TARGETS: "not a host!" is neither a CIDR, an IP address nor a host name',
    });
  } finally {
    delete process.env.ACCESS_ATLAS_ALLOWED_TARGETS;
  }
  const invalid = await answerOf(addWebhookAnswer(store, 'config', { url: 'not a url' }));
  assert.equal(invalid.status, 400);
  assert.equal(invalid.body.error?.param, 'url');
  assert.match(String(invalid.body.error?.message), /webhook URL is not a valid URL/);
});

test('a receiver that redirects to 100.100.100.200 is not followed: the delivery fails and nothing connects there', async () => {
  const source = await newSource('redirect');
  receiver.redirect(`/bounce/${TOKEN}`, 'http://100.100.100.200/latest/meta-data/ram/security-credentials/');
  await queueTo(source, `${receiver.base}/bounce/${TOKEN}`);
  let report: unknown;
  const attempts = await connectionAttempts(async () => {
    report = await deliverDueWebhooks(store, T0, { policy: allowLoopback(), maxAttempts: 1, timeoutMs: 5_000 });
  });
  assert.deepEqual(report, { delivered: 0, retried: 0, failed: 1 });
  assert.deepEqual(attempts, ['127.0.0.1'], 'one connection, to the allowed receiver');
  const [delivery] = await store.webhooks.listDeliveries(source.id);
  assert.equal(delivery?.status, 'failed');
  assert.equal(delivery?.lastError, `HTTP 302 from ${new URL(receiver.base).host} (redirects are not followed) (gave up after 1 attempts)`);
});

test('a webhook stored before the guard, pointing at the metadata service or loopback, is refused at delivery without a connection', async () => {
  const source = await newSource('stored');
  await queueTo(source, `http://100.100.100.200/latest/meta-data/${TOKEN}`);
  await queueTo(source, `http://[::ffff:a9fe:a9fe]/${TOKEN}`);
  await queueTo(source, `${receiver.base}/stored/${TOKEN}`);
  let report: unknown;
  const attempts = await connectionAttempts(async () => {
    report = await deliverDueWebhooks(store, T0, { policy: STRICT_POLICY, timeoutMs: 5_000 });
  });
  assert.deepEqual(report, { delivered: 0, retried: 0, failed: 3 }, 'refusals are final: retrying would repeat them');
  assert.deepEqual(attempts, []);
  assert.equal(receiver.received.filter((r) => r.path === `/stored/${TOKEN}`).length, 0);
  const errors = (await store.webhooks.listDeliveries(source.id)).map((d) => d.lastError ?? '').sort();
  const unless = 'outbound requests to it are refused unless ACCESS_ATLAS_ALLOWED_TARGETS names it';
  assert.deepEqual(errors, [
    `webhook URL: 100.100.100.200 is a carrier-grade NAT (100.64.0.0/10) address; ${unless}`,
    `webhook URL: 127.0.0.1 is a loopback address; ${unless}`,
    `webhook URL: [::ffff:a9fe:a9fe] is an IPv4-mapped address (of 169.254.169.254, a link-local address); ${unless}`,
  ]);
});
