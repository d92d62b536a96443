// A snapshot may announce two events to one webhook (high-impact gains, new findings): deliveries
// are one per webhook, snapshot and event (migration 0005), on SQLite and on PostgreSQL
// (ACCESS_ATLAS_TEST_PG_URL; skipped without it).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore, recordSnapshot } from '../../../store';
import { collected, role } from '../../../store/__tests__/objects';
import { postgresTestDatabase, sqliteTestDatabase, type TestDatabase } from '../../../store/__tests__/test-databases';
import { NEW_FINDINGS_EVENT } from '../findings-payload';
import { EVENT as GAINS_EVENT } from '../payload';

const T0 = new Date('2026-03-02T10:00:00Z');
const pgUrl = process.env.ACCESS_ATLAS_TEST_PG_URL;

function defineSuite(name: string, open: () => Promise<TestDatabase>) {
  void describe(`webhook deliveries per event on ${name}`, () => {
    test('two events of one snapshot are queued once each, and listed with their event', async () => {
      const db = await open();
      const store = await openStore({ databaseUrl: db.url });
      try {
        const source = await store.ensureSource({ name: 'events', kind: 'cluster', connection: { type: 'files', paths: ['/data'] } });
        const hook = await store.webhooks.add(source.id, 'json', 'sealed');
        const snap = await recordSnapshot(store, 'events', 'cluster', { ok: true, snapshot: collected([role('ns', 'r')]) }, 'w');
        assert.equal(await store.webhooks.enqueue(hook.id, snap.id, '{"n":1}', T0, GAINS_EVENT), true);
        assert.equal(await store.webhooks.enqueue(hook.id, snap.id, '{"n":2}', T0, NEW_FINDINGS_EVENT), true);
        assert.equal(await store.webhooks.enqueue(hook.id, snap.id, '{"n":3}', T0, NEW_FINDINGS_EVENT), false, 'a second one is ignored');
        const due = await store.webhooks.listDue(T0);
        assert.deepEqual(
          due.map((d) => [d.event, d.payload]),
          [
            [GAINS_EVENT, '{"n":1}'],
            [NEW_FINDINGS_EVENT, '{"n":2}'],
          ],
        );
      } finally {
        await store.close();
        await db.drop();
      }
    });
  });
}

defineSuite('SQLite', () => Promise.resolve(sqliteTestDatabase()));
if (pgUrl) defineSuite('PostgreSQL', () => postgresTestDatabase(pgUrl));
else test('webhook deliveries per event on PostgreSQL', { skip: 'ACCESS_ATLAS_TEST_PG_URL is not set' }, () => {});
