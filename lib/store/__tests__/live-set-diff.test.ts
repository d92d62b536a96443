import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { diffLiveSet, type LiveVersion } from '../live-set-diff';
import { pod, role } from './objects';

function live(id: number, o: { kind: string; namespace: string; name: string; hash: string }): LiveVersion {
  return { id, kind: o.kind, namespace: o.namespace, name: o.name, hash: o.hash };
}

describe('diffLiveSet', () => {
  const a = role('ns', 'a');
  const b = role('ns', 'b');

  test('an unchanged object needs no write', () => {
    assert.deepEqual(diffLiveSet([live(1, a), live(2, b)], [b, a], new Set()), { closedIds: [], added: [] });
  });

  test('a changed object closes its version and adds one; a deleted one closes; a new one adds', () => {
    const aEdited = role('ns', 'a', ['*']);
    const c = role('ns', 'c');
    assert.deepEqual(diffLiveSet([live(1, a), live(2, b)], [aEdited, c], new Set()), { closedIds: [1, 2], added: [aEdited, c] });
  });

  test('the same name in another namespace or kind is another object', () => {
    const moved = role('other', 'a');
    assert.deepEqual(diffLiveSet([live(1, a)], [moved], new Set()), { closedIds: [1], added: [moved] });
  });

  test('versions of a missing kind are left live, neither closed nor re-added', () => {
    const p = pod('ns', 'p');
    assert.deepEqual(diffLiveSet([live(1, a), live(2, p)], [a], new Set(['Pod'])), { closedIds: [], added: [] });
  });
});
