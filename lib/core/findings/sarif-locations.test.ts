// The manifest locator on what users hand the CLI: multi-document YAML, kubectl's List YAML and
// JSON, a JSON array, and text it cannot read (no locations, never a throw).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { locateManifestObjects } from './sarif-locations';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

describe('locateManifestObjects', () => {
  test('multi-document YAML: each object at the line its document starts, namespace as written', () => {
    const text = [
      '# a comment before the first document',
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: ClusterRoleBinding',
      'metadata:',
      '  name: ci-admin',
      'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}',
      '---',
      '---',
      'apiVersion: v1',
      'kind: ServiceAccount',
      'metadata:',
      '  namespace: ci',
      '  name: deployer',
      '---',
      'kind: RoleBinding',
      'metadata: {name: "quoted", namespace: shop}',
      '',
    ].join('\n');
    assert.deepEqual(locateManifestObjects(text), [
      { kind: 'ClusterRoleBinding', namespace: '', name: 'ci-admin', line: 2 },
      { kind: 'ServiceAccount', namespace: 'ci', name: 'deployer', line: 9 },
      { kind: 'RoleBinding', namespace: 'shop', name: 'quoted', line: 15 },
    ]);
  });

  test("kubectl's List YAML: each item at its own line (the bootstrap fixture)", () => {
    const text = readFileSync(join(ROOT, 'fixtures', 'k8s-bootstrap', 'cluster-role-bindings.yaml'), 'utf8');
    const found = locateManifestObjects(text);
    const lines = text.split('\n');
    const admin = found.find((o) => o.name === 'cluster-admin');
    assert.ok(admin);
    assert.equal(admin.kind, 'ClusterRoleBinding');
    // `- apiVersion: ...` opens the item; its `name:` follows within the item.
    assert.match(lines[admin.line - 1] ?? '', /^- apiVersion: rbac\.authorization\.k8s\.io\/v1$/);
    // Every item, each at its own `- apiVersion` line, in file order.
    const itemLines = lines.flatMap((line, i) => (line.startsWith('- apiVersion') ? [i + 1] : []));
    assert.equal(itemLines.length, 10);
    assert.deepEqual(
      found.map((o) => o.line),
      itemLines,
    );
    assert.ok(found.every((o) => o.kind === 'ClusterRoleBinding' && o.namespace === ''));
  });

  test("kubectl's List JSON (kubectl get -o json): items at the line of their opening brace", () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'reader', namespace: 'shop' }, rules: [] },
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'esc\\aped "sa"', namespace: 'shop' } },
      ],
      metadata: { resourceVersion: '' },
    };
    const text = JSON.stringify(list, null, 4);
    const lines = text.split('\n');
    const found = locateManifestObjects(text);
    assert.deepEqual(
      found.map((o) => [o.kind, o.namespace, o.name]),
      [
        ['Role', 'shop', 'reader'],
        ['ServiceAccount', 'shop', 'esc\\aped "sa"'],
      ],
    );
    for (const o of found) assert.equal(lines[o.line - 1]?.trim(), '{', `${o.name} at line ${o.line}`);
    assert.equal(lines[(found[1]?.line ?? 0) + 1]?.trim(), '"kind": "ServiceAccount",');
  });

  test('a typed list (RoleBindingList) and a top-level JSON array; APIResourceList is an object, not a list', () => {
    const typed = JSON.stringify({ kind: 'RoleBindingList', items: [{ kind: 'RoleBinding', metadata: { name: 'a', namespace: 'x' } }] });
    assert.deepEqual(locateManifestObjects(typed), [{ kind: 'RoleBinding', namespace: 'x', name: 'a', line: 1 }]);
    const array = '[\n{"kind": "ClusterRole", "metadata": {"name": "r"}},\n  {"kind": "Namespace", "metadata": {"name": "n"}}\n]';
    assert.deepEqual(locateManifestObjects(array), [
      { kind: 'ClusterRole', namespace: '', name: 'r', line: 2 },
      { kind: 'Namespace', namespace: '', name: 'n', line: 3 },
    ]);
    const discovery = 'kind: APIResourceList\nmetadata: {name: v1}\nresources: []\n';
    assert.deepEqual(locateManifestObjects(discovery), [{ kind: 'APIResourceList', namespace: '', name: 'v1', line: 1 }]);
  });

  test('JSON in a .yaml file, CRLF line ends, and unreadable text', () => {
    assert.deepEqual(locateManifestObjects('  {"kind": "Role",\r\n "metadata": {"name": "r", "namespace": "n"}}'), [
      { kind: 'Role', namespace: 'n', name: 'r', line: 1 },
    ]);
    assert.deepEqual(locateManifestObjects('kind: Role\r\nmetadata:\r\n  name: r\r\n---\r\nkind: Role\r\nmetadata:\r\n  name: s\r\n'), [
      { kind: 'Role', namespace: '', name: 'r', line: 1 },
      { kind: 'Role', namespace: '', name: 's', line: 5 },
    ]);
    assert.deepEqual(locateManifestObjects('{"kind": "Role", "metadata": {"name": '), []);
    assert.deepEqual(locateManifestObjects('kind: [unclosed'), []);
    assert.deepEqual(locateManifestObjects(''), []);
    // Objects without a kind or a name (a kustomization, a values file) are not objects to point at.
    assert.deepEqual(locateManifestObjects('resources: [a.yaml]\n---\nkind: Role\n'), []);
  });
});
