import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { DocumentError, type EntrySink, type ParsedEntry } from './document-entry';
import { inputFromBytes, type InputText } from './input-text';
import { readDocuments } from './read-documents';
import { jsonSyntaxError, readJsonItemwise, readJsonWhole, type ItemwiseOutcome } from './read-json';

interface Outcome {
  entries: ParsedEntry[];
  error: string | null;
}

function recorder(): { sink: EntrySink; entries: ParsedEntry[] } {
  const entries: ParsedEntry[] = [];
  return { entries, sink: { add: (entry) => entries.push(entry), discard: () => entries.splice(0) } };
}

function inputOf(text: string | Buffer, format: InputText['format'] = 'json'): InputText {
  return inputFromBytes('in.json', typeof text === 'string' ? Buffer.from(text, 'utf8') : text, format);
}

/** What the reader gave before items were parsed one by one: JSON.parse of the whole text. */
function wholeText(input: InputText): Outcome {
  const { sink, entries } = recorder();
  try {
    if (!readJsonWhole(input, sink)) return { entries: [], error: jsonSyntaxError(input).message };
  } catch (error) {
    if (error instanceof DocumentError) return { entries: [], error: error.message };
    throw error;
  }
  return { entries, error: null };
}

function current(input: InputText): Outcome {
  const { sink, entries } = recorder();
  const result = readDocuments(input, sink);
  return result.ok ? { entries, error: null } : { entries: [], error: result.error.message };
}

/** Same entries (or error) as the whole-text path, reached by the path named. */
function assertSame(text: string | Buffer, path: ItemwiseOutcome): Outcome {
  const input = inputOf(text);
  const outcome = current(input);
  assert.deepEqual(outcome, wholeText(input));
  assert.equal(readJsonItemwise(input, recorder().sink), path);
  return outcome;
}

const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const role = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'Role',
  metadata: { name, namespace: 'x' },
  rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
  ...extra,
});

/** Text a scanner that ignored strings would cut in the wrong place. */
const TRICKY = ['quote " here', 'ends in backslash \\', '\\\\"', '} ] { [ , :', '"]}],"kind":"Secret"', 'é ✓ 𝄞', '\u0000\u001f\u2028', ''];

function trickyList(): Record<string, unknown> {
  const items = TRICKY.map((s, i) =>
    role(`r${i}`, {
      metadata: { name: `r${i}`, namespace: 'x', annotations: { [s]: s, nested: JSON.stringify({ s, a: [s] }) }, labels: { i: String(i) } },
      rules: [{ apiGroups: [''], resources: [s, 'pods'], verbs: ['get'], resourceNames: [[s]].flat() }],
      extra: [[[s]], [{ s }], [], {}],
    }),
  );
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '', note: TRICKY.join('') } };
}

/** Every object of a YAML fixture file, as `kubectl get -o json` would list it. */
function fixtureList(path: string): Record<string, unknown> {
  const items = parseAllDocuments(readFileSync(path, 'utf8'))
    .map((doc) => doc.toJS({ maxAliasCount: 100 }) as unknown)
    .filter((item) => item !== null);
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

function fixtureFiles(): string[] {
  return ['fixtures/k8s-bootstrap', 'fixtures/real-world-rbac'].flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => name.endsWith('.yaml'))
      .map((name) => join(dir, name)),
  );
}

void describe('readJson: item by item gives what JSON.parse of the whole text gave', () => {
  void test('every fixture file as a JSON List: pretty (kubectl), compact, CRLF, BOM', () => {
    const files = fixtureFiles();
    assert.ok(files.length >= 20, `only ${files.length} fixture files`);
    for (const path of files) {
      const list = fixtureList(path);
      const pretty = JSON.stringify(list, null, 4);
      const outcome = assertSame(pretty, 'read');
      assert.ok(outcome.entries.length > 0, path);
      assertSame(JSON.stringify(list), 'read');
      assertSame(`\r\n\t ${pretty.replace(/\n/g, '\r\n')}\r\n\r\n`, 'read');
      assertSame(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(pretty)]), 'read');
    }
  });

  void test('strings with quotes, backslashes, brackets, unicode escapes; nested arrays', () => {
    const list = trickyList();
    for (const text of [JSON.stringify(list), JSON.stringify(list, null, 2)]) {
      assert.equal(assertSame(text, 'read').entries.length, TRICKY.length);
      // The same strings written as \u escapes, which JSON.stringify never writes.
      const escaped = text.replace(/[^\x20-\x7e\n]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      assert.notEqual(escaped, text);
      assert.deepEqual(assertSame(escaped, 'read'), assertSame(text, 'read'));
    }
    // The key itself escaped.
    assertSame(JSON.stringify(list).replace('"items"', '"ite\\u006ds"'), 'read');
  });

  void test('member order: kind before or after items, keys after items, typed lists', () => {
    const items = [ns('a'), role('b'), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { k: 'dg==' } }];
    assertSame(JSON.stringify({ kind: 'List', apiVersion: 'v1', items }), 'read');
    assertSame(
      JSON.stringify({ items, metadata: { resourceVersion: '1' }, kind: 'List', apiVersion: 'v1', extra: [1, { a: [] }] }),
      'read',
    );
    assertSame(JSON.stringify({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleList', items: [role('a'), role('b')] }), 'read');
    assertSame(
      JSON.stringify({
        apiVersion: 'example.com/v1',
        kind: 'WidgetList',
        items: [{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }],
      }),
      'read',
    );
  });

  void test('nested Lists, a top-level array, repeated objects, __proto__ keys', () => {
    const inner = { apiVersion: 'v1', kind: 'List', items: [ns('a'), { apiVersion: 'v1', kind: 'RoleList', items: [role('r')] }] };
    const entries = assertSame(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [ns('z'), inner, ns('z')] }), 'read').entries;
    assert.deepEqual(
      entries.map((e) => e.where.item),
      [1, 1, 1, 3],
    );
    assertSame(JSON.stringify([ns('a'), inner, ns('b')], null, 1), 'read');
    assertSame(
      '{"kind":"List","items":[{"__proto__":{"kind":"Role"},"kind":"Namespace","apiVersion":"v1","metadata":{"name":"p"}}]}',
      'read',
    );
  });

  void test('empty items, items that are no array, no kind, a Secret, an APIResourceList', () => {
    assert.deepEqual(assertSame('{"apiVersion":"v1","items":[],"kind":"List"}', 'read').entries, []);
    assert.deepEqual(assertSame('{"kind":"List","items":[ \n ]}', 'read').entries, []);
    assert.deepEqual(assertSame('{"kind":"List","items":{"a":1}}', 'whole').entries, []);
    assert.deepEqual(assertSame('{"kind":"List","items":null}', 'whole').entries, []);
    assert.equal(assertSame('{"kind":"RoleList","items":"x","apiVersion":"v1"}', 'whole').entries.length, 1);
    assert.equal(assertSame(JSON.stringify({ apiVersion: 'v1', items: [ns('a')] }), 'whole').entries.length, 1);
    assert.equal(assertSame(JSON.stringify({ apiVersion: 'v1', kind: 'Secret', items: [ns('a')] }), 'whole').entries[0]?.type, 'secret');
    const discovery = { apiVersion: 'v1', kind: 'APIResourceList', groupVersion: 'v1', items: [1], resources: [] };
    assert.equal(assertSame(JSON.stringify(discovery), 'whole').entries.length, 1);
    assert.equal(assertSame(JSON.stringify(ns('single')), 'whole').entries.length, 1);
  });

  void test('a repeated key is left to JSON.parse, which keeps the last', () => {
    assert.equal(
      assertSame(`{"kind":"List","items":[${JSON.stringify(ns('a'))}],"kind":"Namespace","apiVersion":"v1"}`, 'whole').entries.length,
      1,
    );
    const twice = `{"kind":"List","items":[${JSON.stringify(ns('a'))}],"items":[${JSON.stringify(ns('b'))},${JSON.stringify(ns('c'))}]}`;
    assert.equal(assertSame(twice, 'whole').entries.length, 2);
  });

  void test('an item that is no object is the same error, at the same item', () => {
    const outcome = assertSame(`{"kind":"List","items":[${JSON.stringify(ns('a'))},42,"x"]}`, 'whole');
    assert.equal(outcome.error, 'in.json (document 1, item 2): a number, not a Kubernetes object');
    // ... unless a later item is no JSON at all: then that is the error, as before.
    assert.equal(
      assertSame('{"kind":"List","items":[42,{"a":tru}]}', 'whole').error,
      'in.json:1:33: invalid JSON: unexpected character "t"',
    );
  });
});

void describe('readJson: text that is not JSON', () => {
  const lines = [
    '{',
    '    "apiVersion": "v1",',
    '    "items": [',
    '        {',
    '            "apiVersion": "v1",',
    '            "kind": "Namespace",',
    '            "metadata": {"name": "a", "labels": {"q": "\\" ] }"}}',
    '        },',
    '        {',
    '            "apiVersion": "v1",',
    '            "kind": Namespace,',
    '            "metadata": {"name": "b"}',
    '        }',
    '    ],',
    '    "kind": "List"',
    '}',
  ];

  void test('an item that fails to parse is named by file, line and column of the fault', () => {
    const outcome = assertSame(lines.join('\n'), 'invalid');
    assert.equal(outcome.error, 'in.json:11:21: invalid JSON: unexpected character "N"');
    assert.equal(assertSame(lines.join('\r\n'), 'invalid').error, 'in.json:11:21: invalid JSON: unexpected character "N"');
  });

  void test('a truncated file: the error is at its end', () => {
    const text = lines.slice(0, 7).join('\n');
    assert.equal(
      assertSame(text, 'invalid').error,
      `in.json:7:${(lines[6]?.length ?? 0) + 1}: invalid JSON: expected ',' or '}' after a property value`,
    );
    const cut = text.slice(0, text.indexOf('"a"') + 2);
    assert.equal(assertSame(cut, 'invalid').error, `in.json:7:${(lines[6]?.indexOf('"a"') ?? 0) + 3}: invalid JSON: unterminated string`);
  });

  void test('every prefix of a List gives the same error as JSON.parse of the whole prefix', () => {
    const text = JSON.stringify(trickyList(), null, 1).slice(0, 1500);
    for (let cut = 0; cut < text.length; cut += 1) {
      const input = inputOf(text.slice(0, cut));
      assert.deepEqual(current(input), wholeText(input), `cut at ${cut}`);
    }
  });

  void test('a bad member outside items, text after the List, a bad key', () => {
    const items = JSON.stringify([ns('a')]);
    assert.match(
      assertSame(`{"items":${items},"kind":"List","metadata":{"a":tru}}`, 'invalid').error ?? '',
      /^in\.json:1:\d+: invalid JSON: unexpected character "t"$/,
    );
    assert.match(
      assertSame(`{"items":${items},"kind":"List"}\n{}`, 'whole').error ?? '',
      /^in\.json:2:1: invalid JSON: unexpected text after the JSON value$/,
    );
    assert.match(assertSame(`{"kin\\d":"List","items":${items}}`, 'invalid').error ?? '', /bad escape in a string$/);
    assert.match(assertSame(`{"kind":"List","items":${items},}`, 'whole').error ?? '', /expected a double-quoted property name$/);
    assert.match(assertSame(`{"kind":"List","items":[${JSON.stringify(ns('a'))},]}`, 'whole').error ?? '', /unexpected character "]"$/);
  });

  void test('a .yaml file that starts like JSON but is not reads as YAML, without the items read before', () => {
    const text = `{"apiVersion":"v1","kind":"List","items":[${JSON.stringify(ns('a'))}, {apiVersion: v1, kind: Namespace, metadata: {name: b}}]}`;
    const input = inputFromBytes('flow.yaml', Buffer.from(text), 'yaml');
    assert.equal(readJsonItemwise(input, recorder().sink), 'invalid');
    const outcome = current(input);
    assert.equal(outcome.error, null);
    assert.deepEqual(
      outcome.entries.map((e) => (e.type === 'object' ? (e.object.metadata as { name: string }).name : e.type)),
      ['a', 'b'],
    );
  });
});
