import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadMigrations, pendingMigrations, type Migration } from '../migrate';

const ROOT = join(import.meta.dirname, '..', '..', '..');

function migration(id: string, sql = `-- ${id}`): Migration {
  return { id, sql, checksum: `sum-${sql}` };
}

describe('pendingMigrations', () => {
  const all = [migration('0001_init'), migration('0002_more')];

  test('returns what is not applied yet, in order', () => {
    assert.deepEqual(pendingMigrations(all, []), all);
    assert.deepEqual(pendingMigrations(all, [{ id: '0001_init', checksum: 'sum--- 0001_init' }]), [all[1]]);
    assert.deepEqual(pendingMigrations(all, all), []);
  });

  test('refuses a database whose applied migration was edited since', () => {
    assert.throws(() => pendingMigrations(all, [{ id: '0001_init', checksum: 'other' }]), /0001_init was edited after it was applied/);
  });

  test('refuses a database migrated by a newer version', () => {
    assert.throws(
      () => pendingMigrations(all, [{ id: '0003_future', checksum: 'x' }]),
      /0003_future, which this version of Access Atlas does not know/,
    );
  });
});

describe('the committed migrations', () => {
  test('exist for both dialects under the same names', () => {
    const sqlite = loadMigrations('sqlite').map((m) => m.id);
    const postgres = loadMigrations('postgresql').map((m) => m.id);
    assert.ok(sqlite.length >= 2);
    assert.deepEqual(postgres, sqlite);
  });

  test('prisma/postgres/schema.prisma is generated from prisma/schema.prisma', () => {
    const result = spawnSync(process.execPath, ['scripts/prisma-schemas.mjs', '--check'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  });

  test('cover every change in prisma/schema.prisma (prisma migrate diff finds nothing left)', () => {
    const result = spawnSync(process.execPath, ['scripts/prisma-migration.mjs', 'check'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  });
});
