// Depth limits on the JSON and YAML the collectors read (issue 9, point 10: a 200,000-deep JSON
// upload overflowed the stack and gave an empty 500). Each refusal names the file, the place and
// the limit, and comes back as bad input, never as a RangeError.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectFromFiles } from './collect-from-files';
import { inputFromBytes, type InputText } from './input-text';
import { jsonTooDeepAt, MAX_NESTING_DEPTH, valueTooDeep } from './nesting-depth';
import { readDocuments, type EntrySink, type ParsedEntry, type ReadDocumentsResult } from './read-documents';
import { splitJsonList } from './split-json-list';

const DEEP = 200_000;
const LIMIT = /nested deeper than 100 levels, the limit for JSON and YAML input/;

function read(name: string, text: string, format: InputText['format']): { result: ReadDocumentsResult; entries: ParsedEntry[] } {
  const entries: ParsedEntry[] = [];
  const sink: EntrySink = { add: (entry) => entries.push(entry), discard: () => entries.splice(0) };
  return { result: readDocuments(inputFromBytes(name, Buffer.from(text, 'utf8'), format), sink), entries };
}

function refusal(name: string, text: string, format: InputText['format']): string {
  const { result } = read(name, text, format);
  assert.equal(result.ok, false, `${name} was read`);
  if (result.ok) return '';
  assert.equal(result.error.code, 'bad-input');
  assert.match(result.error.message, LIMIT);
  return result.error.message;
}

/** `levels` arrays inside one another: `[[...]]`. */
const nestedArrays = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
const role = (rules: string) =>
  `{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"Role","metadata":{"name":"r","namespace":"n"},"rules":${rules}}`;

describe('JSON nesting limit', () => {
  test('a 200,000-deep array is refused by name and position, no stack overflow', () => {
    assert.match(refusal('deep.json', nestedArrays(DEEP), 'json'), /^deep\.json:1:101: nested deeper/);
  });

  test('a deep value inside an object (the whole-text path) is refused', () => {
    assert.match(refusal('role.json', role(nestedArrays(DEEP)), 'json'), /^role\.json:1:\d+: nested deeper/);
  });

  test('a deep value inside a List item (the item-by-item path) is refused, with the line', () => {
    const text = `{"kind": "List",\n "items": [${role('[]')},\n ${role(nestedArrays(DEEP))}]}`;
    assert.match(refusal('list.json', text, 'json'), /^list\.json:3:\d+: nested deeper/);
  });

  test('JSON in a .yaml file and on stdin is held to the same limit', () => {
    refusal('deep.yaml', nestedArrays(DEEP), 'yaml');
    refusal('<stdin>', `{"kind":"List","items":[${role(nestedArrays(DEEP))}]}`, 'sniff');
  });

  test('exactly 100 levels are read; 101 are not (counted from the top-level value)', () => {
    // role(...) is level 1 and its rules array level 2: 98 more arrays inside make 100.
    const at100 = read('ok.json', role(`[${nestedArrays(98)}]`), 'json');
    assert.equal(at100.result.ok, true, at100.result.ok ? '' : at100.result.error.message);
    assert.equal(at100.entries.length, 1);
    refusal('over.json', role(`[${nestedArrays(99)}]`), 'json');
    // In a List (level 1) the items array is level 2, an item 3 and its rules 4: 97 arrays make 100.
    const listAt100 = read('ok.json', `{"kind":"List","items":[${role(nestedArrays(97))}]}`, 'json');
    assert.equal(listAt100.result.ok, true, listAt100.result.ok ? '' : listAt100.result.error.message);
    refusal('over.json', `{"kind":"List","items":[${role(nestedArrays(98))}]}`, 'json');
  });

  test('brackets inside strings do not count', () => {
    const text = role(`[{"apiGroups":[""],"resources":["${'['.repeat(500)}"],"verbs":["get"]}]`);
    assert.equal(read('s.json', text, 'json').result.ok, true);
    assert.equal(jsonTooDeepAt(Buffer.from(text)), -1);
  });

  test('the splitter reports where a List item gets too deep; values are measured without recursion', () => {
    const text = `{"kind":"List","items":[${nestedArrays(DEEP)}]}`;
    const layout = splitJsonList(Buffer.from(text));
    assert.deepEqual(layout, { type: 'too-deep', offset: '{"kind":"List","items":['.length + MAX_NESTING_DEPTH - 2 });
    assert.equal(valueTooDeep(JSON.parse(nestedArrays(DEEP))), true);
    assert.equal(valueTooDeep(JSON.parse(nestedArrays(MAX_NESTING_DEPTH))), false);
    assert.equal(valueTooDeep(JSON.parse(nestedArrays(MAX_NESTING_DEPTH + 1))), true);
  });
});

describe('YAML nesting limit', () => {
  test('200,000-deep flow sequences and mappings are refused at the line and column, unparsed past it', () => {
    assert.match(refusal('flow.yaml', `kind: Role\nrules: ${nestedArrays(DEEP)}\n`, 'yaml'), /^flow\.yaml:2:\d+: nested deeper/);
    refusal('map.yaml', `kind: Role\nrules: ${'{a: '.repeat(DEEP)}1${'}'.repeat(DEEP)}\n`, 'yaml');
  });

  test('deep block sequences (compact `- - -`) and indented mappings are refused', () => {
    refusal('dashes.yaml', `${'- '.repeat(100_000)}x\n`, 'yaml');
    const indented = Array.from({ length: 150 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    assert.match(refusal('indented.yaml', `${indented} x\n`, 'yaml'), /^indented\.yaml:\d+:\d+: nested deeper/);
  });

  test('100 levels of YAML are read', () => {
    const text = `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: n}\nrules: [${nestedArrays(98)}]\n`;
    const { result, entries } = read('ok.yaml', text, 'yaml');
    assert.equal(result.ok, true, result.ok ? '' : result.error.message);
    assert.equal(entries.length, 1);
  });

  test('aliases that expand past the limit are refused; the alias bomb still is', () => {
    // Each node is 61 levels deep as written; a1 holds a0 at its bottom, 121 levels once expanded.
    const anchors = ['kind: Role', `a0: &a0 ${nestedArrays(60)}`, `a1: &a1 ${'['.repeat(60)}*a0${']'.repeat(60)}`];
    assert.match(refusal('alias.yaml', `${anchors.join('\n')}\n`, 'yaml'), /alias\.yaml:1 \(document 1\) \(with its aliases expanded\)/);
    const bomb = ['kind: Role', 'a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const c of 'bcdefghij')
      bomb.push(
        `${c}: &${c} [${Array(10)
          .fill(`*${String.fromCharCode(c.charCodeAt(0) - 1)}`)
          .join(', ')}]`,
      );
    const { result } = read('bomb.yaml', `${bomb.join('\n')}\n`, 'yaml');
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.error.message, /bomb\.yaml.*alias/i);
  });
});

describe('collectFromFiles on a deep upload', () => {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-deep-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('fails as bad input naming the file and the limit', async () => {
    const file = join(dir, 'deep.json');
    writeFileSync(file, nestedArrays(DEEP));
    const result = await collectFromFiles([file]);
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.error.code, 'bad-input');
      assert.match(result.error.message, new RegExp(`^${file.replace(/[.]/g, '\\.')}:1:101: nested deeper than 100 levels`));
    }
  });
});
