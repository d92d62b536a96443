import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, type Store } from '../store';
import {
  loadOrCreateKeyFile,
  openWithKey,
  parseSecretKey,
  resolveSecretKey,
  sealWithKey,
  SecretKeyError,
  SECRET_KEY_FILE,
} from './secret-box';

const dir = mkdtempSync(join(tmpdir(), 'atlas-secret-'));
// The process key used by sealSecret/openSecret below comes from this data directory.
process.env.ACCESS_ATLAS_DATA_DIR = join(dir, 'data');
delete process.env.ACCESS_ATLAS_SECRET_KEY;
process.env.ACCESS_ATLAS_TEST = '1';

after(() => rmSync(dir, { recursive: true, force: true }));

describe('secret box', () => {
  const key = Buffer.alloc(32, 7);

  test('round trip, with a fresh IV each time', () => {
    const a = sealWithKey(key, 'kubeconfig: héllo');
    const b = sealWithKey(key, 'kubeconfig: héllo');
    assert.notEqual(a, b);
    assert.deepEqual(Object.keys(JSON.parse(a) as object).sort(), ['data', 'iv', 'tag', 'v']);
    assert.equal(openWithKey(key, a), 'kubeconfig: héllo');
  });

  test('a wrong key fails with a clear error, never junk', () => {
    const sealed = sealWithKey(key, 'secret');
    assert.throws(
      () => openWithKey(Buffer.alloc(32, 8), sealed),
      (error: unknown) => {
        assert.ok(error instanceof SecretKeyError);
        assert.match(error.message, /sealed with another key or altered/);
        return true;
      },
    );
  });

  test('an altered blob fails', () => {
    const sealed = JSON.parse(sealWithKey(key, 'secret')) as { data: string };
    const bytes = Buffer.from(sealed.data, 'base64');
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    assert.throws(() => openWithKey(key, JSON.stringify({ ...sealed, data: bytes.toString('base64') })), SecretKeyError);
    assert.throws(() => openWithKey(key, 'not json'), /not JSON/);
  });

  test('ACCESS_ATLAS_SECRET_KEY: hex or base64 of 32 bytes, else an error naming the variable', () => {
    assert.deepEqual(parseSecretKey('07'.repeat(32), 'X'), key);
    assert.deepEqual(resolveSecretKey({ ACCESS_ATLAS_SECRET_KEY: key.toString('base64') }), key);
    assert.throws(() => resolveSecretKey({ ACCESS_ATLAS_SECRET_KEY: 'short' }), /ACCESS_ATLAS_SECRET_KEY must be 32 bytes/);
    assert.throws(() => resolveSecretKey({ ACCESS_ATLAS_SECRET_KEY: Buffer.alloc(16).toString('base64') }), /ACCESS_ATLAS_SECRET_KEY/);
  });

  test('key file: created once with mode 0600, then reused', () => {
    const keyDir = join(dir, 'keys', 'nested');
    const first = loadOrCreateKeyFile(keyDir);
    const path = join(keyDir, SECRET_KEY_FILE);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(first.length, 32);
    assert.deepEqual(loadOrCreateKeyFile(keyDir), first);
    assert.deepEqual(resolveSecretKey({ ACCESS_ATLAS_DATA_DIR: keyDir }), first);
    assert.equal(readFileSync(path, 'utf8').trim(), first.toString('base64'));
  });
});

describe('source credentials in the store', () => {
  let store: Store;
  const dbFile = join(dir, 'atlas.db');
  let sourceId = 0;

  before(async () => {
    store = await openStore({ databaseUrl: `file:${dbFile}` });
    sourceId = (await store.ensureSource({ name: 'prod', kind: 'cluster', connection: { mode: 'kubeconfig-upload' } })).id;
  });
  after(() => store.close());

  test('save and read back; the row holds no plaintext', async () => {
    const { readSourceCredentials, saveSourceCredentials } = await import('./source-credentials');
    assert.equal(await readSourceCredentials(store, sourceId), null);
    const kubeconfig = 'apiVersion: v1\nusers:\n- name: u\n  user: {token: sup3r-s3cret-t0ken}\n';
    await saveSourceCredentials(store, sourceId, { kind: 'kubeconfig', kubeconfig, context: 'prod' });
    assert.deepEqual(await readSourceCredentials(store, sourceId), { kind: 'kubeconfig', kubeconfig, context: 'prod' });

    await saveSourceCredentials(store, sourceId, {
      kind: 'ram-access-key',
      accessKeyId: 'LTAI5tExample',
      accessKeySecret: 'very-secret-value',
    });
    assert.deepEqual(await readSourceCredentials(store, sourceId), {
      kind: 'ram-access-key',
      accessKeyId: 'LTAI5tExample',
      accessKeySecret: 'very-secret-value',
    });

    const db = new Database(dbFile, { readonly: true });
    try {
      const rows = db.prepare('SELECT * FROM source_credential').all() as { sealed: string }[];
      assert.equal(rows.length, 1);
      const text = JSON.stringify(rows);
      assert.doesNotMatch(text, /very-secret-value|LTAI5tExample|sup3r-s3cret/);
    } finally {
      db.close();
    }
    assert.equal(statSync(join(dir, 'data', SECRET_KEY_FILE)).mode & 0o777, 0o600);
  });

  test('invalid credentials are refused before sealing', async () => {
    const { saveSourceCredentials } = await import('./source-credentials');
    await assert.rejects(saveSourceCredentials(store, sourceId, { kind: 'kubeconfig', kubeconfig: '' }), /kubeconfig is empty/);
  });

  test('deleting the source or the credentials removes the row', async () => {
    const { deleteSourceCredentials, readSourceCredentials } = await import('./source-credentials');
    assert.equal(await deleteSourceCredentials(store, sourceId), true);
    assert.equal(await readSourceCredentials(store, sourceId), null);
    assert.equal(await deleteSourceCredentials(store, sourceId), false);
  });
});
