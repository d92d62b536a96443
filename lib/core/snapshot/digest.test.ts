import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { snapshotDigest } from './digest';

const role = { kind: 'Role', namespace: 'team-a', name: 'reader', hash: 'a'.repeat(64) };
const clusterRole = { kind: 'ClusterRole', namespace: '', name: 'admin', hash: 'b'.repeat(64) };

describe('snapshotDigest', () => {
  test('is the SHA-256 of the sorted kind/namespace/name/hash lines', () => {
    const expected = createHash('sha256')
      .update(`ClusterRole\t\tadmin\t${'b'.repeat(64)}\nRole\tteam-a\treader\t${'a'.repeat(64)}\n`)
      .digest('hex');
    assert.equal(snapshotDigest([role, clusterRole]), expected);
  });

  test('does not depend on the order objects were collected in', () => {
    assert.equal(snapshotDigest([role, clusterRole]), snapshotDigest([clusterRole, role]));
  });

  test('changes when one content hash changes', () => {
    const changed = { ...role, hash: 'c'.repeat(64) };
    assert.notEqual(snapshotDigest([role, clusterRole]), snapshotDigest([changed, clusterRole]));
  });

  test('tells apart an object moved to another namespace', () => {
    const moved = { ...role, namespace: 'team-b' };
    assert.notEqual(snapshotDigest([role]), snapshotDigest([moved]));
  });

  test('of no objects is the SHA-256 of the empty string', () => {
    assert.equal(snapshotDigest([]), createHash('sha256').update('').digest('hex'));
  });
});
