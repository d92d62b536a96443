import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertLocalForTests, isLocalPostgresUrl, resolveDatabaseTarget } from '../database-url';
import { openStore } from '../index';

describe('resolveDatabaseTarget', () => {
  test('defaults to data/access-atlas.db under the working directory', () => {
    assert.deepEqual(resolveDatabaseTarget(undefined, {}, '/srv/app'), { dialect: 'sqlite', file: '/srv/app/data/access-atlas.db' });
  });

  test('puts the default file in ACCESS_ATLAS_DATA_DIR', () => {
    assert.deepEqual(resolveDatabaseTarget(undefined, { ACCESS_ATLAS_DATA_DIR: '/var/lib/atlas' }, '/srv/app'), {
      dialect: 'sqlite',
      file: '/var/lib/atlas/access-atlas.db',
    });
  });

  test('prefers the given URL over DATABASE_URL, and resolves relative files against the working directory', () => {
    const env = { DATABASE_URL: 'postgresql://postgres@127.0.0.1/x' };
    assert.deepEqual(resolveDatabaseTarget('file:./db/a.db', env, '/srv/app'), { dialect: 'sqlite', file: '/srv/app/db/a.db' });
    assert.deepEqual(resolveDatabaseTarget('file:/abs/a.db', {}, '/srv/app'), { dialect: 'sqlite', file: '/abs/a.db' });
  });

  test('chooses PostgreSQL for postgresql:// and postgres:// and turns ?schema= into a schema', () => {
    assert.deepEqual(resolveDatabaseTarget(undefined, { DATABASE_URL: 'postgres://u@db.internal:5432/atlas' }), {
      dialect: 'postgresql',
      url: 'postgres://u@db.internal:5432/atlas',
      schema: null,
    });
    assert.deepEqual(resolveDatabaseTarget('postgresql://u@127.0.0.1/atlas?schema=team_a&sslmode=disable'), {
      dialect: 'postgresql',
      url: 'postgresql://u@127.0.0.1/atlas?sslmode=disable',
      schema: 'team_a',
    });
  });

  test('refuses other schemes, in-memory SQLite and odd schema names', () => {
    assert.throws(() => resolveDatabaseTarget('mysql://x/y'), /must start with file:, postgresql:\/\/ or postgres:\/\//);
    assert.throws(() => resolveDatabaseTarget('file::memory:'), /not an in-memory database/);
    assert.throws(() => resolveDatabaseTarget('postgresql://u@127.0.0.1/a?schema=x";drop'), /lower-case SQL identifier/);
  });
});

describe('the local-only guard for tests', () => {
  test('accepts loopback hosts and Unix sockets', () => {
    for (const url of [
      'postgresql://postgres@127.0.0.1:5432/access_atlas_test',
      'postgresql://postgres@localhost/t',
      'postgresql://postgres@[::1]:5432/t',
      'postgresql:///t',
      'postgresql://%2Fvar%2Frun%2Fpostgresql/t',
      'postgresql:///t?host=/var/run/postgresql',
    ]) {
      assert.equal(isLocalPostgresUrl(url), true, url);
    }
  });

  test('refuses every other host, including look-alikes', () => {
    for (const url of [
      'postgresql://postgres@db.example.com/t',
      'postgresql://postgres@10.0.0.5/t',
      'postgresql://postgres@localhost.evil.com/t',
      'postgresql://postgres@127.0.0.1.nip.io/t',
      'postgresql://postgres@127.0.0.1/t?host=db.example.com',
      'not a url',
    ]) {
      assert.equal(isLocalPostgresUrl(url), false, url);
    }
  });

  test('with no host in the URL, PGHOST decides', () => {
    assert.equal(isLocalPostgresUrl('postgresql:///t', { PGHOST: 'db.example.com' }), false);
    assert.equal(isLocalPostgresUrl('postgresql:///t', { PGHOST: '/var/run/postgresql' }), true);
    assert.equal(isLocalPostgresUrl('postgresql:///t', {}), true);
  });

  test('only applies under NODE_ENV=test or ACCESS_ATLAS_TEST=1', () => {
    const remote = resolveDatabaseTarget('postgresql://postgres@db.example.com/prod');
    assert.throws(() => assertLocalForTests(remote, { NODE_ENV: 'test' }), /refusing a non-local PostgreSQL server/);
    assert.throws(() => assertLocalForTests(remote, { ACCESS_ATLAS_TEST: '1' }), /refusing a non-local PostgreSQL server/);
    assert.doesNotThrow(() => assertLocalForTests(remote, {}));
  });

  test('openStore refuses a remote server under test before connecting to it', async () => {
    const previous = process.env.ACCESS_ATLAS_TEST;
    process.env.ACCESS_ATLAS_TEST = '1';
    try {
      // .invalid never resolves (RFC 2606): were the guard missing, this would fail differently.
      await assert.rejects(
        openStore({ databaseUrl: 'postgresql://postgres@atlas.invalid:5432/prod' }),
        /refusing a non-local PostgreSQL server/,
      );
    } finally {
      if (previous === undefined) delete process.env.ACCESS_ATLAS_TEST;
      else process.env.ACCESS_ATLAS_TEST = previous;
    }
  });
});
