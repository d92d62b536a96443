import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, type Store } from '../../store';
import { answerOf } from '../http/__tests__/answer-of';
import { HTTP_ERROR_STATUS, refusalOf } from '../http/http-error';

const dir = mkdtempSync(join(tmpdir(), 'atlas-source-api-'));
process.env.ACCESS_ATLAS_DATA_DIR = join(dir, 'data');
process.env.ACCESS_ATLAS_TEST = '1';
delete process.env.ACCESS_ATLAS_SECRET_KEY;
const repoRoot = join(import.meta.dirname, '..', '..', '..');
const fixture = (name: string) => readFileSync(join(repoRoot, 'fixtures', 'k8s-bootstrap', name));

function form(fields: Record<string, string>, files: { name: string; bytes: Uint8Array | string }[] = []): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  for (const file of files) f.append('files', new File([typeof file.bytes === 'string' ? file.bytes : Buffer.from(file.bytes)], file.name));
  return f;
}

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]
users: [{name: u, user: {token: t0ken-that-must-not-leak}}]
contexts: [{name: prod, context: {cluster: c, user: u}}, {name: dev, context: {cluster: c, user: u}}]
current-context: dev
`;

describe('sources API', () => {
  let store: Store;
  let api: typeof import('./source-api');
  before(async () => {
    store = await openStore({ databaseUrl: `file:${join(dir, 'atlas.db')}` });
    api = await import('./source-api');
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('files: test counts, add keeps the upload and the first snapshot completes', async () => {
    const files = [
      { name: 'cluster-roles.yaml', bytes: fixture('cluster-roles.yaml') },
      { name: 'cluster-role-bindings.yaml', bytes: fixture('cluster-role-bindings.yaml') },
    ];
    const tested = await api.testConnectionAnswer(form({ mode: 'files' }, files));
    assert.equal(tested.status, 200, JSON.stringify(tested.body));
    const counts = tested.body.counts as Record<string, number>;
    assert.ok((counts.ClusterRole ?? 0) >= 30 && (counts.ClusterRoleBinding ?? 0) >= 10, JSON.stringify(tested.body));

    const created = await api.createSourceAnswer(store, form({ name: 'dump', mode: 'files', snapshot: '1' }, files));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const snapshot = created.body.snapshot as { status: string; counts: Record<string, number> };
    assert.equal(snapshot.status, 'complete');
    assert.equal(snapshot.counts.ClusterRole, counts.ClusterRole);
    assert.ok(existsSync(join(dir, 'data', 'uploads', 'dump', 'cluster-roles.yaml')));

    const again = await api.snapshotNowAnswer(store, 'dump');
    assert.equal((again.body.snapshot as { status: string }).status, 'complete');
    const dup = await answerOf(api.createSourceAnswer(store, form({ name: 'dump', mode: 'files' }, files)));
    assert.deepEqual([dup.status, dup.body.error?.param], [409, 'name']);
  });

  test('a bad file is refused with its uploaded name, and nothing is created', async () => {
    const bad = [
      { name: 'good.yaml', bytes: fixture('cluster-roles.yaml') },
      { name: 'broken.json', bytes: '{"kind": "List", "items": [' },
    ];
    for (const answer of [
      await answerOf(api.testConnectionAnswer(form({ mode: 'files' }, bad))),
      await answerOf(api.createSourceAnswer(store, form({ name: 'broken', mode: 'files' }, bad))),
    ]) {
      assert.equal(answer.status, 422);
      assert.equal(answer.body.error?.param, 'files');
      assert.match(String(answer.body.error?.message), /^files: broken\.json/);
      assert.doesNotMatch(String(answer.body.error?.message), /atlas-upload-/);
    }
    assert.equal(await store.getSource('broken'), null);
    assert.ok(!existsSync(join(dir, 'data', 'uploads', 'broken')));
  });

  test('fields are named in errors', async () => {
    const create = (fields: Record<string, string>) => answerOf(api.createSourceAnswer(store, form(fields)));
    assert.deepEqual((await create({ name: '../x', mode: 'files' })).body.error?.param, 'name');
    assert.deepEqual((await create({ name: 'x', mode: 'ftp' })).body.error?.param, 'mode');
    assert.deepEqual((await create({ name: 'x', mode: 'files' })).body.error?.param, 'files');
    assert.deepEqual((await create({ name: 'x', mode: 'kubeconfig-path', path: join(dir, 'nope') })).body.error?.param, 'path');
    const wrongContext = await create({ name: 'x', mode: 'kubeconfig-upload', kubeconfig: KUBECONFIG, context: 'staging' });
    assert.equal(wrongContext.body.error?.param, 'context');
    assert.match(String(wrongContext.body.error?.message), /prod, dev/);
  });

  test('an uploaded kubeconfig is sealed; the answer and the source row carry no credential', async () => {
    const created = await api.createSourceAnswer(
      store,
      form({ name: 'prod', mode: 'kubeconfig-upload', kubeconfig: KUBECONFIG, context: 'prod' }),
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.doesNotMatch(JSON.stringify(created.body), /t0ken/);
    assert.equal((created.body.source as { hasCredentials: boolean }).hasCredentials, true);
    const db = new Database(join(dir, 'atlas.db'), { readonly: true });
    try {
      assert.doesNotMatch(JSON.stringify(db.prepare('SELECT * FROM source').all()), /t0ken/);
      assert.doesNotMatch(JSON.stringify(db.prepare('SELECT * FROM source_credential').all()), /t0ken/);
    } finally {
      db.close();
    }
    const got = await api.getSourceAnswer(store, 'prod', 10);
    assert.doesNotMatch(JSON.stringify(got.body), /t0ken/);
    // The server at 127.0.0.1:1 refuses: the snapshot fails, is recorded, and says why.
    const snap = await api.snapshotNowAnswer(store, 'prod');
    const s = snap.body.snapshot as { status: string; error: string };
    assert.equal(s.status, 'failed');
    assert.doesNotMatch(s.error, /t0ken/);
  });

  test("Snapshot now on a source the CLI made from the operator's kubeconfig: 409 naming the CLI, nothing recorded", async () => {
    const source = await store.ensureSource({
      name: 'cli-made',
      kind: 'cluster',
      connection: { type: 'kubeconfig', path: join(dir, 'home-kubeconfig') },
    });
    const answer = await answerOf(api.snapshotNowAnswer(store, 'cli-made'));
    assert.equal(answer.status, 409);
    assert.equal(answer.body.error?.param, 'name');
    assert.match(String(answer.body.error?.message), /snapshotted only by the CLI/);
    assert.deepEqual(await store.listSnapshots(source.id, { limit: 5 }), []);
  });

  test('Snapshot now on a source stored before the name rule: 409 naming the source, nothing run or recorded', async () => {
    const db = new Database(join(dir, 'atlas.db'));
    try {
      db.prepare(
        `INSERT INTO "source" ("name", "kind", "connection", "created_at") VALUES (?, 'cluster', '{"type":"files","paths":["/x.yaml"]}', ?)`,
      ).run('../escape', Date.now());
    } finally {
      db.close();
    }
    const source = await store.getSource('../escape');
    assert.ok(source);
    const answer = await answerOf(api.snapshotNowAnswer(store, '../escape'));
    assert.equal(answer.status, 409);
    assert.equal(answer.body.error?.param, 'name');
    assert.match(String(answer.body.error?.message), /^source "\.\.\/escape": .*add the source again under a valid name$/);
    assert.deepEqual(await store.listSnapshots(source.id, { limit: 5 }), []);
  });

  test('delete removes the source, its credentials and its uploads', async () => {
    assert.equal((await api.deleteSourceAnswer(store, 'dump')).status, 200);
    assert.equal(await store.getSource('dump'), null);
    assert.ok(!existsSync(join(dir, 'data', 'uploads', 'dump')));
    assert.equal((await answerOf(api.deleteSourceAnswer(store, 'dump'))).status, 404);
  });
});

void test('?limit of a snapshot list: 1 to 500, 50 when absent; anything else is a 400 naming limit', async () => {
  const { parseSnapshotLimit } = await import('./source-api');
  assert.equal(parseSnapshotLimit(null), 50);
  assert.equal(parseSnapshotLimit('500'), 500);
  for (const bad of ['0', '501', '2.5', 'ten']) {
    assert.throws(
      () => parseSnapshotLimit(bad),
      (error) => {
        const refused = refusalOf(error);
        assert.deepEqual([refused && HTTP_ERROR_STATUS[refused.code], refused?.param], [400, 'limit'], bad);
        return true;
      },
    );
  }
});
