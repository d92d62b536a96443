import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hostPolicyFromEnv, isHostAllowed, parseHost, type HostPolicy } from './allowed-hosts';

function policy(env: Record<string, string>): HostPolicy {
  const result = hostPolicyFromEnv(env);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.policy;
}

describe('parseHost', () => {
  const cases: { input: string; expected: ReturnType<typeof parseHost> }[] = [
    { input: '127.0.0.1:3000', expected: { name: '127.0.0.1', port: '3000' } },
    { input: 'LocalHost', expected: { name: 'localhost', port: null } },
    { input: '[::1]:8080', expected: { name: '[::1]', port: '8080' } },
    { input: 'atlas.example.com', expected: { name: 'atlas.example.com', port: null } },
    { input: 'evil.example/x', expected: null },
    { input: 'a b', expected: null },
    { input: 'host:99999', expected: null },
    { input: '', expected: null },
    { input: 'user@127.0.0.1', expected: null },
  ];
  for (const { input, expected } of cases) test(JSON.stringify(input), () => assert.deepEqual(parseHost(input), expected));
});

describe('allowed hosts', () => {
  test('defaults: the loopback names on any port, nothing else', () => {
    const p = policy({});
    for (const host of ['127.0.0.1:3000', 'localhost:3241', '[::1]:80', 'localhost']) assert.equal(isHostAllowed(host, p), true, host);
    for (const host of ['evil.example', 'evil.example:3000', '127.0.0.2:3000', '0.0.0.0:3000', 'localhost.evil.example', '[::2]']) {
      assert.equal(isHostAllowed(host, p), false, host);
    }
    assert.equal(isHostAllowed(null, p), false);
  });

  test('ACCESS_ATLAS_ALLOWED_HOSTS replaces the defaults; a port in an entry pins it', () => {
    const p = policy({ ACCESS_ATLAS_ALLOWED_HOSTS: 'atlas.internal:8443, ops.example' });
    assert.equal(isHostAllowed('atlas.internal:8443', p), true);
    assert.equal(isHostAllowed('atlas.internal:9000', p), false);
    assert.equal(isHostAllowed('ops.example:1', p), true);
    assert.equal(isHostAllowed('127.0.0.1:3000', p), false);
  });

  test('ACCESS_ATLAS_PUBLIC_URL adds its host and gives the public origin', () => {
    const p = policy({ ACCESS_ATLAS_PUBLIC_URL: 'https://Atlas.Example.com/dash' });
    assert.equal(isHostAllowed('atlas.example.com', p), true);
    assert.equal(isHostAllowed('127.0.0.1:3000', p), true);
    assert.equal(p.publicOrigin, 'https://atlas.example.com');
  });

  test('a malformed variable is reported by name', () => {
    const bad = hostPolicyFromEnv({ ACCESS_ATLAS_ALLOWED_HOSTS: 'ok.example, not a host' });
    assert.deepEqual(bad.ok ? null : bad.variable, 'ACCESS_ATLAS_ALLOWED_HOSTS');
    const none = hostPolicyFromEnv({ ACCESS_ATLAS_ALLOWED_HOSTS: ' , ' });
    assert.equal(none.ok, false);
    const url = hostPolicyFromEnv({ ACCESS_ATLAS_PUBLIC_URL: 'atlas.example.com' });
    assert.deepEqual(url.ok ? null : url.variable, 'ACCESS_ATLAS_PUBLIC_URL');
    const scheme = hostPolicyFromEnv({ ACCESS_ATLAS_PUBLIC_URL: 'ftp://atlas.example.com' });
    assert.deepEqual(scheme.ok ? null : scheme.variable, 'ACCESS_ATLAS_PUBLIC_URL');
  });
});
