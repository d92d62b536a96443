import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelayMs, SNAPSHOT_BACKOFF } from './backoff';
import { checkCron, DEFAULT_CRON, nextRunAfter } from './cron';

const cases: { name: string; cron: string; after: string; next: string }[] = [
  { name: 'default: the next 6-hour slot', cron: DEFAULT_CRON, after: '2026-03-02T10:17:00Z', next: '2026-03-02T12:00:00Z' },
  { name: 'default: strictly after a slot', cron: DEFAULT_CRON, after: '2026-03-02T12:00:00Z', next: '2026-03-02T18:00:00Z' },
  { name: 'default: over midnight', cron: DEFAULT_CRON, after: '2026-03-02T18:00:01Z', next: '2026-03-03T00:00:00Z' },
  { name: 'every 15 minutes', cron: '*/15 * * * *', after: '2026-03-02T10:17:00Z', next: '2026-03-02T10:30:00Z' },
  { name: 'weekly, Monday 02:30 UTC', cron: '30 2 * * 1', after: '2026-03-02T10:17:00Z', next: '2026-03-09T02:30:00Z' },
  { name: 'month end rollover', cron: '0 0 1 * *', after: '2026-02-28T23:59:00Z', next: '2026-03-01T00:00:00Z' },
];

for (const c of cases) {
  test(`nextRunAfter: ${c.name}`, () => {
    assert.equal(nextRunAfter(c.cron, new Date(c.after)).toISOString(), new Date(c.next).toISOString());
  });
}

test('checkCron accepts five fields and normalizes spaces', () => {
  assert.deepEqual(checkCron('  0  */6 * * * '), { ok: true, cron: '0 */6 * * *' });
});

test('checkCron refuses seconds, empty and invalid expressions, naming the expression', () => {
  const six = checkCron('*/5 * * * * *');
  assert.equal(six.ok, false);
  assert.match(six.ok ? '' : six.error, /"\*\/5 \* \* \* \* \*" must have 5 fields.*not 6/);
  const empty = checkCron('');
  assert.match(empty.ok ? '' : empty.error, /not 0/);
  const bad = checkCron('61 * * * *');
  assert.equal(bad.ok, false);
  assert.match(bad.ok ? '' : bad.error, /^cron expression "61 \* \* \* \*" is invalid: /);
  assert.equal(checkCron('every day').ok, false);
});

test('snapshot backoff: 1 minute, doubling, capped at 6 hours', () => {
  const minutes = [1, 2, 3, 4, 5, 9, 10, 100].map((n) => backoffDelayMs(n, SNAPSHOT_BACKOFF) / 60_000);
  assert.deepEqual(minutes, [1, 2, 4, 8, 16, 256, 360, 360]);
  assert.equal(backoffDelayMs(0, SNAPSHOT_BACKOFF), 60_000, 'a first failure waits the base');
});
