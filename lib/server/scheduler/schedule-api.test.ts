// The schedule route's logic on a real SQLite store: defaults before the first plan, validation of
// cron by name, enabling refused for a source that cannot run, run history kept across edits.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore, type Store } from '../../store';
import { sqliteTestDatabase, type TestDatabase } from '../../store/__tests__/test-databases';
import { answerOf } from '../http/__tests__/answer-of';
import { getScheduleAnswer, putScheduleAnswer } from './schedule-api';

const NOW = new Date('2026-03-02T10:17:00Z');
let db: TestDatabase;
let store: Store;
before(async () => {
  db = sqliteTestDatabase();
  store = await openStore({ databaseUrl: db.url });
  await store.ensureSource({ name: 'prod', kind: 'cluster', connection: { type: 'kubeconfig', path: '/k/config' } });
  await store.ensureSource({ name: 'demo-cluster', kind: 'cluster', connection: { demo: true } });
});
after(async () => {
  await store.close();
  await db.drop();
});

test('GET shows the default schedule a runnable source will get, and none for the demo', async () => {
  const prod = await getScheduleAnswer(store, 'prod', NOW);
  assert.equal(prod.status, 200);
  assert.deepEqual(prod.body.schedule, {
    cron: '0 */6 * * *',
    enabled: true,
    nextRunAt: '2026-03-02T12:00:00.000Z',
    lastRunAt: null,
    lastError: null,
    consecutiveFailures: 0,
    running: false,
    stored: false,
  });
  assert.equal(prod.body.connection, 'kubeconfig /k/config');
  const demo = await getScheduleAnswer(store, 'demo-cluster', NOW);
  assert.equal(demo.body.runnable, false);
  assert.equal((demo.body.schedule as { enabled: boolean }).enabled, false);
  assert.equal((await answerOf(getScheduleAnswer(store, 'nope', NOW))).status, 404);
});

test('PUT stores cron and enabled, plans the next run, and keeps the run history', async () => {
  const put = await putScheduleAnswer(store, 'prod', { cron: '30 2 * * 1' }, NOW);
  assert.equal(put.status, 200);
  assert.deepEqual(put.body.schedule, {
    cron: '30 2 * * 1',
    enabled: true,
    nextRunAt: '2026-03-09T02:30:00.000Z',
    lastRunAt: null,
    lastError: null,
    consecutiveFailures: 0,
    running: false,
    stored: true,
  });
  const source = await store.getSource('prod');
  assert.ok(source);
  assert.ok(await store.schedules.tryAcquireLease(source.id, 'x', new Date('2026-03-09T03:00:00Z'), new Date('2026-03-09T03:05:00Z')));
  await store.schedules.recordResult(source.id, 'x', {
    at: new Date('2026-03-09T03:00:00Z'),
    error: 'network: down',
    nextRunAt: new Date('2026-03-09T03:01:00Z'),
  });
  const off = await putScheduleAnswer(store, 'prod', { enabled: false }, NOW);
  const schedule = off.body.schedule as Record<string, unknown>;
  assert.equal(schedule.cron, '30 2 * * 1', 'cron kept when only enabled is given');
  assert.equal(schedule.enabled, false);
  assert.equal(schedule.nextRunAt, null);
  assert.equal(schedule.lastError, 'network: down');
  assert.equal(schedule.consecutiveFailures, 1);
  assert.equal((await store.schedules.listDue(new Date('2027-01-01T00:00:00Z'))).length, 0, 'a disabled schedule is never due');
});

test('PUT refuses a bad cron by name, and enabling a source that cannot run', async () => {
  const bad = await answerOf(putScheduleAnswer(store, 'prod', { cron: '* * *' }, NOW));
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error?.param, 'cron');
  assert.match(String(bad.body.error?.message), /"\* \* \*" must have 5 fields/);
  assert.equal((await answerOf(putScheduleAnswer(store, 'prod', { enabled: 'yes' }, NOW))).status, 400);
  const demo = await answerOf(putScheduleAnswer(store, 'demo-cluster', { enabled: true }, NOW));
  assert.equal(demo.status, 409);
  assert.match(String(demo.body.error?.message), /demo-cluster" has no connection the scheduler can snapshot \(demo data/);
  assert.equal((await putScheduleAnswer(store, 'demo-cluster', { enabled: false }, NOW)).status, 200);
});
