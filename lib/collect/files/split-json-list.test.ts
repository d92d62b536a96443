import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { splitJsonList, type JsonLayout } from './split-json-list';

function split(text: string): JsonLayout {
  return splitJsonList(Buffer.from(text, 'utf8'));
}

/** The element slices as text, for readable assertions. */
function slices(text: string, spans: readonly number[]): string[] {
  const bytes = Buffer.from(text, 'utf8');
  const out: string[] = [];
  for (let i = 0; i < spans.length; i += 2) out.push(bytes.toString('utf8', spans[i], spans[i + 1]));
  return out;
}

/** Strings that look like structure: what a depth counter that ignored strings would trip on. */
const TRICKY_STRINGS = [
  'plain',
  'quote " inside',
  'backslash at the end \\',
  'two backslashes then quote \\\\"',
  '} ] { [ , : braces and brackets',
  '"],"items":[',
  'unicode é ✓ 𝄞 and escapes \u0000 \u001f \u2028',
  '',
];

void describe('splitJsonList', () => {
  void test('finds every member of a List and each element of its items', () => {
    const text = '{"apiVersion":"v1","items":[{"a":1},[2,[3]],"s",4.5e1,true,null],"kind":"List","metadata":{}}';
    const layout = split(text);
    assert.equal(layout.type, 'object');
    if (layout.type !== 'object') return;
    const bytes = Buffer.from(text);
    assert.deepEqual(
      layout.members.map((m) => [bytes.toString('utf8', m.key.start, m.key.end), bytes.toString('utf8', m.value.start, m.value.end)]),
      [
        ['"apiVersion"', '"v1"'],
        ['"items"', '[{"a":1},[2,[3]],"s",4.5e1,true,null]'],
        ['"kind"', '"List"'],
        ['"metadata"', '{}'],
      ],
    );
    const items = layout.members[1]?.elements;
    assert.ok(items);
    assert.deepEqual(slices(text, items), ['{"a":1}', '[2,[3]]', '"s"', '4.5e1', 'true', 'null']);
    assert.equal(layout.members[0]?.elements, null);
  });

  void test('strings with quotes, backslashes, brackets and non-ASCII do not move the boundaries', () => {
    const items = TRICKY_STRINGS.map((s, i) => ({ [s]: [s, { s }], i, nested: [[s], {}, []] }));
    for (const indent of [0, 4]) {
      const text = JSON.stringify({ items, kind: TRICKY_STRINGS.join('') }, null, indent);
      const layout = split(text);
      assert.equal(layout.type, 'object');
      if (layout.type !== 'object') return;
      const spans = layout.members[0]?.elements ?? [];
      assert.deepEqual(
        slices(text, spans).map((s) => JSON.parse(s) as unknown),
        items,
      );
      const kind = layout.members[1];
      assert.ok(kind);
      assert.equal(JSON.parse(Buffer.from(text).toString('utf8', kind.value.start, kind.value.end)), TRICKY_STRINGS.join(''));
    }
  });

  void test('a top-level array is split into its elements; whitespace around anything is skipped', () => {
    const text = ' \r\n\t[ {"a" : "]"} ,\r\n [ ] , { } ]\n\n';
    const layout = split(text);
    assert.equal(layout.type, 'array');
    if (layout.type === 'array') assert.deepEqual(slices(text, layout.elements), ['{"a" : "]"}', '[ ]', '{ }']);
  });

  void test('empty containers', () => {
    assert.deepEqual(split('{}'), { type: 'object', members: [] });
    assert.deepEqual(split('[]'), { type: 'array', elements: [] });
    const layout = split('{"items": [ ]}');
    assert.equal(layout.type === 'object' ? layout.members[0]?.elements?.length : -1, 0);
  });

  void test('every proper prefix of a document is truncated or out of place, never a layout', () => {
    const text = JSON.stringify(
      { apiVersion: 'v1', items: TRICKY_STRINGS.map((s) => ({ s, n: [1, -2.5, true, null] })), kind: 'List' },
      null,
      2,
    );
    for (let cut = 0; cut < text.length; cut += 1) {
      const type = split(text.slice(0, cut)).type;
      assert.ok(type === 'truncated' || type === 'other', `cut at ${cut}: ${type}`);
    }
    assert.equal(split(text).type, 'object');
  });

  void test('the text ending inside a string, object or array is truncated', () => {
    for (const text of ['{"items": [{"a": "b', '{"items": [{"a": 1}', '{"items": [', '{"items"', '[1, 2', '{"a": "\\"}']) {
      assert.equal(split(text).type, 'truncated', text);
    }
  });

  void test('scalars, text after the value and misplaced punctuation are left to JSON.parse', () => {
    for (const text of [
      '',
      '   ',
      '"a"',
      '42',
      'null',
      '{} {}',
      '[1] x',
      '{"a" 1}',
      '{a: 1}',
      '[1,,2]',
      '[,]',
      '{"a":1,}x',
      '\u00a0{}',
      '{"a":1};',
    ]) {
      assert.equal(split(text).type, 'other', JSON.stringify(text));
    }
  });
});
