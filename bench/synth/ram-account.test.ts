// The synthetic RAM account: deterministic per seed, readable by the account model without errors,
// and the indexed who-can agrees with the naive scan on it (what the bench's cross-check relies on).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCloudAccount, cloudWhoCan, naiveCloudWhoCan } from '../../lib/core/ram/account';
import { Rng } from './prng';
import { generateRamAccount, randomRamQuery, RAM_TIERS } from './ram-account';

test('the same seed gives the same objects; counts follow the tier', () => {
  const a = generateRamAccount(RAM_TIERS['ram-small'], 42);
  const b = generateRamAccount(RAM_TIERS['ram-small'], 42);
  assert.deepEqual(
    a.map((o) => o.hash),
    b.map((o) => o.hash),
  );
  const count = (kind: string) => a.filter((o) => o.kind === kind).length;
  assert.equal(count('CloudUser'), 50);
  assert.equal(count('CloudRole'), 100);
  assert.equal(a.filter((o) => o.kind === 'CloudPolicy' && o.namespace === 'Custom').length, 200);
  assert.equal(count('CloudGroup'), 10);
});

test('the account builds without errors and indexed who-can equals the naive scan', () => {
  const account = buildCloudAccount(generateRamAccount(RAM_TIERS['ram-small'], 7));
  assert.deepEqual(account.errors, []);
  const rng = new Rng(8);
  let answered = 0;
  for (let i = 0; i < 60; i++) {
    const q = randomRamQuery(rng);
    const indexed = cloudWhoCan(account, q);
    assert.deepEqual(indexed, naiveCloudWhoCan(account, q), `${q.action} on ${q.resource}`);
    answered += indexed.principals.length;
  }
  assert.ok(answered > 0, 'the queries find someone');
});
