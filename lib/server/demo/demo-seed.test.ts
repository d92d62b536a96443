// seedDemo on a real SQLite store: the demo cluster and the demo RAM account, four snapshots each,
// and the link that says demo-cluster is the account's ACK cluster.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore, type Store } from '../../store';
import { sqliteTestDatabase, type TestDatabase } from '../../store/__tests__/test-databases';
import { DEMO_SOURCE_NAME, seedDemo } from './demo-seed';
import { DEMO_RAM_SOURCE_NAME } from './ram-account';

let db: TestDatabase;
let store: Store;
before(async () => {
  db = sqliteTestDatabase();
  store = await openStore({ databaseUrl: db.url });
});
after(async () => {
  await store.close();
  await db.drop();
});

void test('seeds demo-cluster and demo-ram, a week apart each, and links them by the ACK cluster id', async () => {
  const now = new Date('2026-11-25T12:00:00Z');
  await seedDemo(store, now);
  const ram = await store.getSource(DEMO_RAM_SOURCE_NAME);
  assert.equal(ram?.kind, 'cloud-account');
  assert.equal(ram?.connection.demo, true);
  const snapshots = await store.listSnapshots(ram?.id ?? -1);
  assert.deepEqual(
    snapshots.map((s) => s.status),
    ['complete', 'complete', 'complete', 'complete'],
  );
  const newest = snapshots[0];
  assert.ok(newest && newest.startedAt.getTime() <= now.getTime() + 10 * 60_000);
  assert.deepEqual(newest.counts, { CloudAccount: 1, CloudUser: 4, CloudGroup: 2, CloudRole: 3, CloudPolicy: 8 });
  assert.deepEqual(await store.links.getForCluster(DEMO_SOURCE_NAME), {
    clusterSource: DEMO_SOURCE_NAME,
    cloudSource: DEMO_RAM_SOURCE_NAME,
    clusterRef: 'c-demo1234',
  });
  const objects = await store.readObjects(newest.id, ['CloudUser']);
  assert.ok(objects.some((o) => o.name === 'ops-breakglass'));
});
