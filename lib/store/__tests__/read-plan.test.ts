// The read of a snapshot must stay one indexed query as history grows. The indexes are the
// same in both dialects; SQLite's planner is checked because its plan does not depend on
// table statistics.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { openStore } from '../index';
import { objectsQuery } from '../read-objects';
import { collected, manyRoles, role } from './objects';
import { sqliteTestDatabase } from './test-databases';

const db = sqliteTestDatabase();
after(() => db.drop());

test('reading a snapshot narrows versions by index on to_seq and scans no table', async () => {
  const store = await openStore({ databaseUrl: db.url });
  const source = await store.ensureSource({ name: 'plan', kind: 'cluster' });
  const finish = async (objects: ReturnType<typeof manyRoles>) =>
    store.finishSnapshot((await store.startSnapshot(source.id, 'plan')).id, collected(objects));
  const first = await finish(manyRoles(200));
  await finish([...manyRoles(150), role('ns', 'new')]);
  await store.close();

  const file = db.url.slice('file:'.length);
  const sqlite = new Database(file, { readonly: true });
  try {
    for (const kinds of [undefined, ['Role' as const]]) {
      const query = objectsQuery(first, kinds);
      assert.ok(query);
      const plan = sqlite.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.values) as { detail: string }[];
      const details = plan.map((row) => row.detail);
      const versionSteps = details.filter((d) => /object_version/.test(d));
      assert.ok(versionSteps.length > 0, details.join('\n'));
      // Each step must narrow by to_seq (the live-version index is partial on to_seq IS NULL),
      // not walk every version the source ever had.
      for (const step of versionSteps) assert.match(step, /^SEARCH .*(object_version_live_key|to_seq[>=]\?)/, details.join('\n'));
      assert.deepEqual(
        details.filter((d) => /^SCAN /.test(d)),
        [],
        details.join('\n'),
      );
    }
  } finally {
    sqlite.close();
  }
});
