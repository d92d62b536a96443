import 'server-only';
// The store's behaviour, run unchanged on every dialect (store.sqlite.test.ts, store.postgres.test.ts).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { snapshotDigest } from '../../core/snapshot/digest';
import type { Store } from '../index';
import { openStore, recordSnapshot } from '../index';
import { collected, fixtureObjects, manyRoles, pod, role, sorted } from './objects';
import type { TestDatabase } from './test-databases';
import { defineProcessTests } from './store-suite-processes';

/** Fails the insert of a version named "poison", to break a finish halfway through. */
const POISON_TRIGGER = {
  sqlite: {
    install: `CREATE TRIGGER "poison" BEFORE INSERT ON "object_version" WHEN NEW."name" = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned'); END;`,
    remove: 'DROP TRIGGER "poison";',
  },
  postgresql: {
    install: `CREATE FUNCTION "poison"() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'poisoned'; END $$ LANGUAGE plpgsql;
      CREATE TRIGGER "poison" BEFORE INSERT ON "object_version" FOR EACH ROW WHEN (NEW."name" = 'poison') EXECUTE FUNCTION "poison"();`,
    remove: 'DROP TRIGGER "poison" ON "object_version"; DROP FUNCTION "poison"();',
  },
} as const;

/** Target from the design: an unchanged re-snapshot adds the snapshot row and little else. */
const UNCHANGED_GROWTH_LIMIT = 16 * 1024;

export function defineStoreSuite(label: string, setup: () => Promise<TestDatabase>): void {
  describe(`store on ${label}`, () => {
    let db: TestDatabase;
    let store: Store;

    before(async () => {
      db = await setup();
      store = await openStore({ databaseUrl: db.url });
    });
    after(async () => {
      await store?.close();
      await db?.drop();
    });

    async function snapshotOf(sourceName: string, objects = manyRoles(10), extra = {}) {
      const source = await store.ensureSource({ name: sourceName, kind: 'cluster' });
      const started = await store.startSnapshot(source.id, 'test');
      return store.finishSnapshot(started.id, collected(objects, extra));
    }

    test('a new database is empty and migrated', async () => {
      assert.equal(store.dialect, db.dialect);
      assert.equal(await store.isEmpty(), true);
      assert.deepEqual(await store.listSources(), []);
      assert.ok((await db.count('_atlas_migrations')) >= 2);
    });

    test('ensureSource creates once, keeps the kind, updates the connection, refuses credentials', async () => {
      const first = await store.ensureSource({
        name: 'prod',
        kind: 'cluster',
        connection: { type: 'kubeconfig', path: '/k', context: 'a' },
      });
      const again = await store.ensureSource({ name: 'prod', kind: 'cluster' });
      assert.equal(again.id, first.id);
      assert.deepEqual(again.connection, { type: 'kubeconfig', path: '/k', context: 'a' });
      const moved = await store.ensureSource({ name: 'prod', kind: 'cluster', connection: { type: 'in-cluster' } });
      assert.deepEqual(moved.connection, { type: 'in-cluster' });
      assert.deepEqual((await store.getSource('prod'))?.connection, { type: 'in-cluster' });
      await assert.rejects(store.ensureSource({ name: 'prod', kind: 'cloud-account' }), /is a cluster, not a cloud-account/);
      await assert.rejects(
        store.ensureSource({ name: 'leaky', kind: 'cluster', connection: { user: { token: 'x' } } }),
        /connection\.user\.token looks like a credential/,
      );
      assert.equal(await store.getSource('leaky'), null);
      assert.equal(await store.isEmpty(), false);
    });

    test('a complete snapshot stores real objects and reads them back exactly, with counts and digest', async () => {
      const objects = [
        ...fixtureObjects('cluster-roles.yaml'),
        ...fixtureObjects('namespace-roles.yaml'),
        ...fixtureObjects('namespace-role-bindings.yaml'),
      ];
      const source = await store.ensureSource({ name: 'bootstrap', kind: 'cluster' });
      const startedAt = new Date('2024-05-01T10:00:00.123Z');
      const started = await store.startSnapshot(source.id, 'fixtures', { at: startedAt });
      assert.equal(started.status, 'running');
      // Issue 9, point 10: unnumbered snapshots used to show seq 0; they have none.
      assert.equal(started.seq, null);
      const done = await store.finishSnapshot(
        started.id,
        collected(objects, { warnings: ['ignored 1 Secret'], origin: 'fixtures/k8s-bootstrap' }),
      );
      assert.equal(done.status, 'complete');
      assert.equal(done.seq, 1);
      assert.equal(done.sourceName, 'bootstrap');
      assert.equal(done.origin, 'fixtures/k8s-bootstrap');
      assert.deepEqual(done.warnings, ['ignored 1 Secret']);
      assert.deepEqual(done.startedAt, startedAt);
      assert.ok(done.finishedAt instanceof Date);
      assert.equal(done.digest, snapshotDigest(objects));
      assert.deepEqual(done.counts, {
        Namespace: 0,
        ServiceAccount: 0,
        Role: 7,
        ClusterRole: 31,
        RoleBinding: 7,
        ClusterRoleBinding: 0,
        Pod: 0,
        APIResourceList: 0,
      });
      assert.deepEqual(await store.readObjects(done.id), sorted(objects));
      assert.deepEqual(await store.readObjects(done.id, ['Role']), sorted(objects.filter((o) => o.kind === 'Role')));
      assert.deepEqual(await store.latestUsableSnapshot(source.id), done);
      assert.deepEqual(await store.getSnapshot(done.id), done);
    });

    test('re-snapshotting unchanged objects adds no object rows, same digest, <= 16 KiB', async () => {
      const objects = manyRoles(3000);
      const first = await snapshotOf('unchanged', objects);
      const before = { bytes: await store.databaseBytes(), versions: await db.count('object_version'), blobs: await db.count('blob') };
      const second = await snapshotOf('unchanged', [...objects].reverse());
      const grown = (await store.databaseBytes()) - before.bytes;
      assert.equal(await db.count('object_version'), before.versions);
      assert.equal(await db.count('blob'), before.blobs);
      assert.ok(grown <= UNCHANGED_GROWTH_LIMIT, `database grew ${grown} bytes`);
      assert.equal(second.seq, (first.seq ?? NaN) + 1);
      assert.equal(second.digest, first.digest);
      assert.deepEqual(await store.readObjects(second.id), await store.readObjects(first.id));
    });

    test('with 1% changed, only the changed objects get rows', async () => {
      const objects = manyRoles(3000);
      const first = await snapshotOf('one-percent', objects);
      const versions = await db.count('object_version');
      const blobs = await db.count('blob');
      // 10 edited, 10 deleted, 10 created: 30 of 3000.
      const next = objects
        .filter((_, i) => i < 2990)
        .map((o, i) => (i < 10 ? role(o.namespace, o.name, ['get', 'list', 'watch']) : o))
        .concat(Array.from({ length: 10 }, (_, i) => role('team-new', `fresh${i}`)));
      const second = await snapshotOf('one-percent', next);
      assert.equal(await db.count('object_version'), versions + 20);
      assert.equal(await db.count('object_version', `"to_seq" = ${second.seq} AND "source_id" = ${second.sourceId}`), 20);
      assert.equal(await db.count('blob'), blobs + 20);
      assert.notEqual(second.digest, first.digest);
      assert.deepEqual(await store.readObjects(second.id), sorted(next));
    });

    test('an older snapshot reads exactly its own objects after edits, deletes and re-adds', async () => {
      const [a, b, c] = [role('ns', 'a'), role('ns', 'b'), role('ns', 'c')] as const;
      const aEdited = role('ns', 'a', ['*']);
      const s1 = await snapshotOf('history', [a, b, c]);
      const s2 = await snapshotOf('history', [aEdited, c]);
      const s3 = await snapshotOf('history', [aEdited, b, c]);
      const s4 = await snapshotOf('history', [a]);
      assert.deepEqual([s1.seq, s2.seq, s3.seq, s4.seq], [1, 2, 3, 4]);
      assert.deepEqual(await store.readObjects(s1.id), [a, b, c]);
      assert.deepEqual(await store.readObjects(s2.id), [aEdited, c]);
      assert.deepEqual(await store.readObjects(s3.id), [aEdited, b, c]);
      assert.deepEqual(await store.readObjects(s4.id), [a]);
      assert.equal((await store.listSnapshots(s1.sourceId)).map((s) => s.id).join(), [s4.id, s3.id, s2.id, s1.id].join());
      assert.deepEqual(
        (await store.listSnapshots(s1.sourceId, { limit: 2 })).map((s) => s.seq),
        [4, 3],
      );
    });

    test('a real upstream version change: only the changed roles get new versions', async () => {
      const older = fixtureObjects('extra-versions/controller-roles.008b3652.yaml');
      const newer = fixtureObjects('controller-roles.yaml');
      const s1 = await snapshotOf('upstream', older);
      const versions = await db.count('object_version');
      const s2 = await snapshotOf('upstream', newer);
      const keys = (objects: typeof older) => new Set(objects.map((o) => `${o.name}:${o.hash}`));
      const [olderKeys, newerKeys] = [keys(older), keys(newer)];
      const added = newer.filter((o) => !olderKeys.has(`${o.name}:${o.hash}`)).length;
      const closed = older.filter((o) => !newerKeys.has(`${o.name}:${o.hash}`)).length;
      assert.ok(added > 0 && added < newer.length, 'the two upstream versions differ in some roles');
      assert.equal(await db.count('object_version'), versions + added);
      assert.equal(await db.count('object_version', `"to_seq" = ${s2.seq} AND "source_id" = ${s2.sourceId}`), closed);
      assert.deepEqual(await store.readObjects(s1.id), sorted(older));
      assert.deepEqual(await store.readObjects(s2.id), sorted(newer));
    });

    test('a partial snapshot hides its missing kinds and keeps their versions for later', async () => {
      const pods = [pod('ns', 'p1'), pod('ns', 'p2')];
      const roles = [role('ns', 'r1')];
      const s1 = await snapshotOf('partial', [...roles, ...pods]);
      const podVersions = await db.count('object_version', `"kind" = 'Pod' AND "source_id" = ${s1.sourceId}`);
      const rolesNow = [role('ns', 'r1', ['delete'])];
      const missingKinds = [{ kind: 'Pod' as const, reason: 'forbidden: pods is forbidden' }];
      const s2 = await snapshotOf('partial', rolesNow, { missingKinds });
      assert.equal(s2.status, 'partial');
      assert.deepEqual(s2.missingKinds, missingKinds);
      assert.equal(s2.counts.Pod, undefined);
      assert.equal(s2.counts.Role, 1);
      assert.deepEqual(await store.readObjects(s2.id), rolesNow);
      assert.deepEqual(await store.readObjects(s2.id, ['Pod']), []);
      assert.deepEqual(await store.latestUsableSnapshot(s1.sourceId), s2);
      // The pods' versions were neither closed nor duplicated, and snapshot 1 still has them.
      assert.equal(await db.count('object_version', `"kind" = 'Pod' AND "to_seq" IS NULL AND "source_id" = ${s1.sourceId}`), podVersions);
      assert.deepEqual(await store.readObjects(s1.id, ['Pod']), pods);
      const s3 = await snapshotOf('partial', [...rolesNow, ...pods]);
      assert.equal(await db.count('object_version', `"kind" = 'Pod' AND "source_id" = ${s1.sourceId}`), podVersions);
      assert.deepEqual(await store.readObjects(s3.id), sorted([...rolesNow, ...pods]));
      await assert.rejects(snapshotOf('partial', [pod('ns', 'p3')], { missingKinds }), /listed as missing/);
    });

    test('a failed collection is recorded, unnumbered (seq null), and never becomes latest', async () => {
      const good = await snapshotOf('failing', manyRoles(5));
      const refused = await recordSnapshot(
        store,
        'failing',
        'cluster',
        () => Promise.resolve({ ok: false as const, error: { code: 'forbidden' as const, message: 'cannot list roles' } }),
        'kubeconfig x',
      );
      const thrown = await recordSnapshot(store, 'failing', 'cluster', () => Promise.reject(new Error('connection reset')), 'kubeconfig x');
      assert.equal(refused.status, 'failed');
      assert.equal(refused.error, 'forbidden: cannot list roles');
      assert.equal(thrown.error, 'collection failed: connection reset');
      assert.equal(thrown.seq, null);
      assert.equal(refused.seq, null);
      assert.equal(thrown.digest, null);
      assert.deepEqual(await store.latestUsableSnapshot(good.sourceId), good);
      assert.deepEqual(await store.readObjects(good.id), sorted(manyRoles(5)));
      await assert.rejects(store.readObjects(thrown.id), /is failed; it holds no objects/);
      await assert.rejects(store.finishSnapshot(thrown.id, collected([])), /only a running snapshot can finish/);
      await assert.rejects(store.failSnapshot(good.id, 'late'), /only a running snapshot can fail/);
      const next = await recordSnapshot(
        store,
        'failing',
        'cluster',
        () => Promise.resolve({ ok: true as const, snapshot: collected(manyRoles(6)) }),
        'kubeconfig x',
      );
      assert.equal(next.seq, (good.seq ?? NaN) + 1);
    });

    test('an error halfway through finishing rolls everything back', async () => {
      const good = await snapshotOf('rollback', manyRoles(3));
      const counts = { versions: await db.count('object_version'), blobs: await db.count('blob') };
      // A trigger fails the insert of one version row that comes after a full batch of
      // versions, after every blob, and after the closing of the old versions.
      await db.exec(POISON_TRIGGER[db.dialect].install);
      try {
        const objects = [...manyRoles(2500).map((o) => role(`big-${o.namespace}`, o.name)), role('ns', 'poison')];
        const started = await store.startSnapshot(good.sourceId, 'test');
        await assert.rejects(store.finishSnapshot(started.id, collected(objects)), /poisoned/);
        assert.deepEqual({ versions: await db.count('object_version'), blobs: await db.count('blob') }, counts);
        assert.equal(await db.count('object_version', `"to_seq" IS NOT NULL AND "source_id" = ${good.sourceId}`), 0);
        assert.equal((await store.getSnapshot(started.id))?.status, 'running');
        assert.equal((await store.failSnapshot(started.id, 'storing failed')).status, 'failed');
      } finally {
        await db.exec(POISON_TRIGGER[db.dialect].remove);
      }
      assert.deepEqual(await store.latestUsableSnapshot(good.sourceId), good);
      assert.deepEqual(await store.readObjects(good.id), sorted(manyRoles(3)));
    });

    test('a body whose hash is not its canonical JSON hash is refused', async () => {
      const forged = { ...role('ns', 'forged'), hash: role('ns', 'other').hash };
      await assert.rejects(snapshotOf('forged', [forged]), /hash is not the SHA-256 of its canonical JSON/);
    });

    test('two finishes of one source in one process take turns', async () => {
      const source = await store.ensureSource({ name: 'race-local', kind: 'cluster' });
      await snapshotOf('race-local', manyRoles(50));
      const [x, y] = [manyRoles(50).slice(0, 40), [...manyRoles(50), role('extra', 'e')]];
      const [sx, sy] = await Promise.all([store.startSnapshot(source.id, 'x'), store.startSnapshot(source.id, 'y')]);
      const [fx, fy] = await Promise.all([store.finishSnapshot(sx.id, collected(x)), store.finishSnapshot(sy.id, collected(y))]);
      assert.deepEqual([fx.seq, fy.seq].sort(), [2, 3]);
      assert.deepEqual(await store.readObjects(fx.id), sorted(x));
      assert.deepEqual(await store.readObjects(fy.id), sorted(y));
      const latest = (fx.seq ?? NaN) > (fy.seq ?? NaN) ? x : y;
      assert.equal(await db.count('object_version', `"to_seq" IS NULL AND "source_id" = ${source.id}`), latest.length);
    });

    test('reopening applies no migration twice', async () => {
      const migrations = await db.count('_atlas_migrations');
      const again = await openStore({ databaseUrl: db.url });
      await again.close();
      assert.equal(await db.count('_atlas_migrations'), migrations);
      assert.ok((await store.listSources()).length > 0);
    });

    defineProcessTests(() => ({ db, store }));
  });
}
