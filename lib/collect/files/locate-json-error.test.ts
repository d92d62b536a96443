import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lineCol, locateJsonError } from './locate-json-error';

void describe('locateJsonError', () => {
  const cases: { name: string; text: string; line: number; col: number; reason: string }[] = [
    { name: 'trailing comma in an object', text: '{\n  "a": 1,\n}', line: 3, col: 1, reason: 'expected a double-quoted property name' },
    { name: 'missing colon', text: '{"kind" "Role"}', line: 1, col: 9, reason: "expected ':' after a property name" },
    { name: 'truncated file', text: '{\n "items": [\n  {"a": 1}', line: 3, col: 11, reason: "expected ',' or ']' after an array element" },
    { name: 'bare word', text: '[\n tru\n]', line: 2, col: 2, reason: 'unexpected character "t"' },
    { name: 'raw newline in a string', text: '{"a": "x\ny"}', line: 1, col: 9, reason: 'control character in a string (escape it)' },
    { name: 'text after the value', text: '{}\n{}', line: 2, col: 1, reason: 'unexpected text after the JSON value' },
    { name: 'bad escape', text: '["\\x"]', line: 1, col: 3, reason: 'bad escape in a string' },
    { name: 'empty input', text: '', line: 1, col: 1, reason: 'unexpected end of input' },
  ];
  for (const c of cases) {
    void test(c.name, () => {
      assert.throws(() => JSON.parse(c.text) as unknown);
      assert.deepEqual(locateJsonError(c.text), { line: c.line, col: c.col, reason: c.reason });
    });
  }

  void test('accepts what JSON.parse accepts (no false positives on valid JSON)', () => {
    const text = JSON.stringify({ a: [1, -2.5e3, true, false, null, 'é\u0001"\\'], b: {} }, null, 2);
    assert.deepEqual(locateJsonError(text), { ...lineCol(text, text.length), reason: 'invalid JSON' });
  });
});

void test('lineCol counts 1-based lines and columns', () => {
  assert.deepEqual(lineCol('ab\ncd', 4), { line: 2, col: 2 });
  assert.deepEqual(lineCol('ab\ncd', 0), { line: 1, col: 1 });
});
