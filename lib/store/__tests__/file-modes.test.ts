// The SQLite database says who can do what in every cluster: its directory and files are created
// owner-only even under the usual 022 umask (issue 9, point 10: the file was created 0644).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../index';
import { collected, manyRoles } from './objects';

process.env.ACCESS_ATLAS_TEST = '1';
const dir = mkdtempSync(join(tmpdir(), 'atlas-modes-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const mode = (path: string) => statSync(path).mode & 0o777;

test('a new data directory, database, -wal and -shm are owner-only under a 022 umask', async () => {
  const dataDir = join(dir, 'new', 'data');
  const file = join(dataDir, 'atlas.db');
  const previous = process.umask(0o022);
  try {
    const store = await openStore({ databaseUrl: `file:${file}` });
    try {
      const source = await store.ensureSource({ name: 'modes', kind: 'cluster' });
      const started = await store.startSnapshot(source.id, 'test');
      await store.finishSnapshot(started.id, collected(manyRoles(5)));
      assert.ok(existsSync(`${file}-wal`) && existsSync(`${file}-shm`), 'the store runs in WAL mode');
      assert.equal(mode(join(dir, 'new')), 0o700);
      assert.equal(mode(dataDir), 0o700);
      assert.equal(mode(file), 0o600);
      assert.equal(mode(`${file}-wal`), 0o600);
      assert.equal(mode(`${file}-shm`), 0o600);
    } finally {
      await store.close();
    }
  } finally {
    process.umask(previous);
  }
});

test('an existing database file keeps the mode its operator gave it', async () => {
  const file = join(dir, 'existing.db');
  writeFileSync(file, '');
  chmodSync(file, 0o640);
  const store = await openStore({ databaseUrl: `file:${file}` });
  await store.close();
  assert.equal(mode(file), 0o640);
});
