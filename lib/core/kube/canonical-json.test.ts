import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { canonicalJson, sha256Hex } from './canonical-json';

void describe('canonicalJson', () => {
  void test('sorts keys at every depth and adds no whitespace', () => {
    const text = canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } });
    assert.equal(text, '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  void test('keeps array order, because rules and subjects are ordered', () => {
    assert.notEqual(canonicalJson(['get', 'list']), canonicalJson(['list', 'get']));
  });

  void test('the same object with its keys in another order gives the same text', () => {
    const a = { kind: 'Role', metadata: { name: 'r', namespace: 'ns' }, rules: [{ verbs: ['get'], apiGroups: [''] }] };
    const b = { rules: [{ apiGroups: [''], verbs: ['get'] }], metadata: { namespace: 'ns', name: 'r' }, kind: 'Role' };
    assert.equal(canonicalJson(a), canonicalJson(b));
  });

  void test('escapes strings like JSON and round-trips through JSON.parse', () => {
    const value = { 'key "q"': 'line\nbreak ü \u2028', n: -1.5e-7 };
    assert.deepEqual(JSON.parse(canonicalJson(value)), value);
  });

  void test('sorts by code unit, not locale', () => {
    assert.equal(canonicalJson({ b: 1, B: 2, a: 3 }), '{"B":2,"a":3,"b":1}');
  });
});

void describe('sha256Hex', () => {
  void test('is the SHA-256 of the UTF-8 bytes, in lower-case hex', () => {
    assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const text = 'ü';
    assert.equal(sha256Hex(text), createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex'));
  });
});
