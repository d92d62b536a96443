import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { currentRunner, encodeRunner, FOREIGN_RUN_STALE_MS, isAbandoned } from '../runner';

describe('isAbandoned', () => {
  const self = currentRunner();
  const now = new Date('2025-01-02T00:00:00Z');
  const recently = new Date(now.getTime() - 60_000);

  test('a run of this very process is live', () => {
    assert.equal(isAbandoned(encodeRunner(self), recently, now, self), false);
  });

  test('a run by an earlier process with our pid (a restarted container) is abandoned', () => {
    assert.equal(isAbandoned(encodeRunner({ ...self, token: 'earlier' }), recently, now, self), true);
  });

  test('a run by a live process on this host is live; by an exited one, abandoned', () => {
    assert.equal(isAbandoned(encodeRunner({ ...self, pid: process.ppid, token: 't' }), recently, now, self), false);
    const exited = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    assert.equal(isAbandoned(encodeRunner({ ...self, pid: Number(exited.stdout), token: 't' }), recently, now, self), true);
  });

  test('a run on another host is trusted until it is a day old', () => {
    const foreign = encodeRunner({ host: `${self.host}-elsewhere`, pid: 1, token: 't' });
    assert.equal(isAbandoned(foreign, recently, now, self), false);
    assert.equal(isAbandoned(foreign, new Date(now.getTime() - FOREIGN_RUN_STALE_MS - 1), now, self), true);
  });

  test('a run with no readable owner is abandoned', () => {
    assert.equal(isAbandoned(null, recently, now, self), true);
    assert.equal(isAbandoned('{"host":1}', recently, now, self), true);
  });
});
