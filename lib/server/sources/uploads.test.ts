// Paths made from source names stay inside <data dir>/uploads/ (issue 9, defect 6): a source named
// `../../victim` (as a database from before the name rule could hold) is deleted without touching
// the directory its name points at, and no write or delete goes through a symbolic link.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, type Store } from '../../store';

const dir = mkdtempSync(join(tmpdir(), 'atlas-uploads-'));
// <dir>/deep/data: `../../victim` from <data dir>/uploads/ is <dir>/deep/victim.
const dataDir = join(dir, 'deep', 'data');
process.env.ACCESS_ATLAS_DATA_DIR = dataDir;
process.env.ACCESS_ATLAS_TEST = '1';
const dbFile = join(dir, 'atlas.db');

function plantVictim(path: string): string {
  mkdirSync(path, { recursive: true });
  const file = join(path, 'keep-me.txt');
  writeFileSync(file, 'precious');
  return file;
}

/** What a database from before the name rule may hold: a row written without the store's checks. */
function insertSourceRow(name: string): void {
  const db = new Database(dbFile);
  try {
    db.prepare(
      `INSERT INTO "source" ("name", "kind", "connection", "created_at") VALUES (?, 'cluster', '{"type":"files","paths":["/x"]}', ?)`,
    ).run(name, Date.now());
  } finally {
    db.close();
  }
}

describe('uploads folders made from source names', () => {
  let store: Store;
  let api: typeof import('./source-api');
  let uploads: typeof import('./uploads');
  before(async () => {
    store = await openStore({ databaseUrl: `file:${dbFile}` });
    api = await import('./source-api');
    uploads = await import('./uploads');
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('deleting a stored source named ../../victim deletes the row and leaves the outside directory untouched', async () => {
    mkdirSync(join(dataDir, 'uploads'), { recursive: true });
    const victim = plantVictim(join(dir, 'deep', 'victim'));
    insertSourceRow('../../victim');
    assert.equal((await store.getSource('../../victim'))?.name, '../../victim', 'the old row is readable');

    const answer = await api.deleteSourceAnswer(store, '../../victim');
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(await store.getSource('../../victim'), null);
    assert.equal(readFileSync(victim, 'utf8'), 'precious');
  });

  test('a name outside the rule yields no path, and the store refuses to create it', async () => {
    assert.throws(() => uploads.uploadsDirectory('../../victim'), /source "\.\.\/\.\.\/victim": a source name is 1-63/);
    assert.throws(() => uploads.uploadsDirectory('..'), uploads.UploadPathError);
    assert.equal(uploads.uploadsDirectory('prod'), join(dataDir, 'uploads', 'prod'));
    await assert.rejects(store.ensureSource({ name: '../../victim', kind: 'cluster' }), /a source name is 1-63/);
    await assert.rejects(store.ensureSource({ name: 'Prod', kind: 'cluster' }), /source "Prod"/);
  });

  test('an uploads folder that is a symbolic link is neither written through nor deleted through', async () => {
    const elsewhere = join(dir, 'elsewhere');
    const victim = plantVictim(join(elsewhere, 'prod'));
    rmSync(join(dataDir, 'uploads'), { recursive: true, force: true });
    symlinkSync(elsewhere, join(dataDir, 'uploads'));
    try {
      await assert.rejects(uploads.removeUploads('prod'), /not a plain directory/);
      assert.equal(readFileSync(victim, 'utf8'), 'precious');
      const staged = await uploads.stageUpload([{ name: 'a.yaml', bytes: Buffer.from('kind: List\nitems: []\n') }]);
      await assert.rejects(uploads.keepUpload(staged, 'prod'), /not a plain directory/);
      await staged.discard();
      assert.equal(readFileSync(victim, 'utf8'), 'precious');
    } finally {
      rmSync(join(dataDir, 'uploads'));
    }
  });

  test('a leftover entry that is a symbolic link is replaced, its target untouched; folders are owner-only', async () => {
    const victim = plantVictim(join(dir, 'target'));
    mkdirSync(join(dataDir, 'uploads'), { recursive: true, mode: 0o700 });
    symlinkSync(join(dir, 'target'), join(dataDir, 'uploads', 'linked'));
    const staged = await uploads.stageUpload([{ name: 'a.yaml', bytes: Buffer.from('kind: List\nitems: []\n') }]);
    const paths = await uploads.keepUpload(staged, 'linked');
    assert.deepEqual(paths, [join(dataDir, 'uploads', 'linked', 'a.yaml')]);
    assert.equal(readFileSync(victim, 'utf8'), 'precious');
    assert.equal(statSync(join(dataDir, 'uploads', 'linked')).mode & 0o777, 0o700);
    await uploads.removeUploads('linked');
    assert.equal(existsSync(join(dataDir, 'uploads', 'linked')), false);
    assert.equal(readFileSync(victim, 'utf8'), 'precious');
  });

  test('a new uploads folder is created owner-only under a 022 umask', async () => {
    rmSync(dataDir, { recursive: true, force: true });
    const previous = process.umask(0o022);
    try {
      const staged = await uploads.stageUpload([{ name: 'a.yaml', bytes: Buffer.from('kind: List\nitems: []\n') }]);
      await uploads.keepUpload(staged, 'fresh');
    } finally {
      process.umask(previous);
    }
    assert.equal(statSync(dataDir).mode & 0o777, 0o700);
    assert.equal(statSync(join(dataDir, 'uploads')).mode & 0o777, 0o700);
    assert.equal(statSync(join(dataDir, 'uploads', 'fresh')).mode & 0o777, 0o700);
    assert.equal(statSync(join(dataDir, 'uploads', 'fresh', 'a.yaml')).mode & 0o777, 0o600);
  });
});
