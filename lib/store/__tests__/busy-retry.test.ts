import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isSqliteBusy, retryWhileBusy } from '../busy-retry';

const busy = () =>
  new Error('Invalid `prisma.$executeRaw()` invocation:\n\nRaw query failed. Code: `SQLITE_BUSY`. Message: `database is locked`');

describe('retryWhileBusy', () => {
  test('recognizes SQLITE_BUSY in the message, the code or a cause', () => {
    assert.equal(isSqliteBusy(busy()), true);
    assert.equal(isSqliteBusy(Object.assign(new Error('write failed'), { code: 'SQLITE_BUSY_SNAPSHOT' })), true);
    assert.equal(isSqliteBusy(new Error('outer', { cause: new Error('database is locked') })), true);
    assert.equal(isSqliteBusy(new Error('UNIQUE constraint failed')), false);
    assert.equal(isSqliteBusy('database is locked'), false);
  });

  test('retries a SQLite transaction that found the database busy', async () => {
    let attempts = 0;
    const result = await retryWhileBusy('sqlite', () => (++attempts < 3 ? Promise.reject(busy()) : Promise.resolve('done')));
    assert.equal(result, 'done');
    assert.equal(attempts, 3);
  });

  test('does not retry other errors, nor anything on PostgreSQL', async () => {
    let attempts = 0;
    await assert.rejects(
      retryWhileBusy('sqlite', () => (attempts++, Promise.reject(new Error('no such table')))),
      /no such table/,
    );
    await assert.rejects(
      retryWhileBusy('postgresql', () => (attempts++, Promise.reject(busy()))),
      /SQLITE_BUSY/,
    );
    assert.equal(attempts, 2);
  });
});
