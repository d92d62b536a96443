import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inputFromBytes, type InputText } from './input-text';
import type { EntrySink, ParsedEntry } from './read-documents';
import { describeLocation, readDocuments } from './read-documents';

function inputOf(name: string, text: string, format: InputText['format']): InputText {
  return inputFromBytes(name, Buffer.from(text, 'utf8'), format);
}

function entriesOf(input: InputText): ParsedEntry[] {
  const entries: ParsedEntry[] = [];
  const sink: EntrySink = { add: (entry) => entries.push(entry), discard: () => entries.splice(0) };
  const result = readDocuments(input, sink);
  if (!result.ok) assert.fail(result.error.message);
  return entries;
}

void describe('readDocuments', () => {
  void test('unwraps typed lists (RoleList) and nested Lists, keeping item positions', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- apiVersion: rbac.authorization.k8s.io/v1',
      '  kind: RoleList',
      '  items:',
      '  - {apiVersion: rbac.authorization.k8s.io/v1, kind: Role, metadata: {name: a, namespace: x}}',
      '- {apiVersion: v1, kind: Namespace, metadata: {name: x}}',
    ].join('\n');
    const entries = entriesOf(inputOf('l.yaml', text, 'yaml'));
    assert.deepEqual(
      entries.map((e) => (e.type === 'object' ? `${e.object.kind as string} @ ${describeLocation(e.where)}` : 'secret')),
      ['Role @ l.yaml:7 (document 1, item 1)', 'Namespace @ l.yaml:8 (document 1, item 2)'],
    );
  });

  void test('resolves YAML anchors, aliases and merge keys like kubectl (go-yaml) does', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '- &sa {apiVersion: v1, kind: ServiceAccount, metadata: {name: a, namespace: x}}',
      '- *sa',
      '- apiVersion: rbac.authorization.k8s.io/v1',
      '  kind: Role',
      '  metadata: {name: r, namespace: x}',
      '  rules:',
      '  - &read {apiGroups: [""], resources: [pods], verbs: [get]}',
      '  - <<: *read',
      '    resources: [services]',
    ].join('\n');
    const objects = entriesOf(inputOf('a.yaml', text, 'yaml')).flatMap((e) => (e.type === 'object' ? [e.object] : []));
    assert.equal(objects.length, 3);
    assert.deepEqual(objects[1], objects[0]);
    assert.deepEqual(objects[2]?.rules, [
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
      { apiGroups: [''], resources: ['services'], verbs: ['get'] },
    ]);
  });

  void test('a Secret inside a List is recognised by kind only', () => {
    const text = JSON.stringify({ kind: 'List', apiVersion: 'v1', items: [{ kind: 'Secret', apiVersion: 'v1', data: { k: 'dg==' } }] });
    const entries = entriesOf(inputOf('s.json', text, 'json'));
    assert.deepEqual(entries, [{ type: 'secret', where: { file: 's.json', document: 1, item: 1 } }]);
  });

  void test('a top-level JSON array is read element by element', () => {
    const text = JSON.stringify([
      { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'a' } },
      { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'b' } },
    ]);
    assert.equal(entriesOf(inputOf('arr.json', text, 'sniff')).length, 2);
  });

  void test('a .yaml file holding JSON with YAML-only syntax falls back to the YAML parser', () => {
    const text = '{apiVersion: v1, kind: Namespace, metadata: {name: a}}';
    const entries = entriesOf(inputOf('flow.yaml', text, 'yaml'));
    assert.equal(entries.length, 1);
  });

  void test('a duplicate key is an error with its position, as in kubectl', () => {
    const result = readDocuments(inputOf('d.yaml', 'kind: Role\nkind: ClusterRole\n', 'yaml'), {
      add: () => undefined,
      discard: () => undefined,
    });
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.error.message, /^d\.yaml:2:1: invalid YAML \(document 1\): Map keys must be unique/);
  });
});
