import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findingId } from './fingerprint';

describe('findingId', () => {
  const sa = { kind: 'ServiceAccount', name: 'ci', namespace: 'team' };

  test('is f_ and 20 hex digits, the same for the same rule, subject, object and scope', () => {
    const id = findingId('k8s.secrets-read', sa, null, 'team');
    assert.match(id, /^f_[0-9a-f]{20}$/);
    assert.equal(findingId('k8s.secrets-read', { namespace: 'team', name: 'ci', kind: 'ServiceAccount' }, null, 'team'), id);
  });

  test('ignores fields beyond kind, name and namespace, and an undefined namespace', () => {
    const withExtra = { ...sa, matchedBy: [] } as typeof sa;
    assert.equal(findingId('r', withExtra, null, 'team'), findingId('r', sa, null, 'team'));
    assert.equal(
      findingId('r', { kind: 'User', name: 'a', namespace: undefined }, null, 'cluster'),
      findingId('r', { kind: 'User', name: 'a' }, null, 'cluster'),
    );
  });

  test('each part changes it', () => {
    const base = findingId('r', sa, null, 'team');
    const others = [
      findingId('r2', sa, null, 'team'),
      findingId('r', { ...sa, name: 'cd' }, null, 'team'),
      findingId('r', sa, sa, 'team'),
      findingId('r', null, sa, 'team'),
      findingId('r', sa, null, 'cluster'),
    ];
    assert.equal(new Set([base, ...others]).size, others.length + 1);
  });

  test('is pinned: SHA-256 of {"object":null,"rule":…,"scope":…,"subject":{…}} with sorted keys (changing it orphans every stored suppression and baseline)', () => {
    assert.equal(findingId('k8s.secrets-read', sa, null, 'team'), 'f_30370ec32bba61533f30');
  });
});
