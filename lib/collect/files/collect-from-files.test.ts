import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'yaml';
import { normalizeObject } from '../../core/kube/normalize';
import type { CollectedSnapshot, CollectResult, JsonObject, StoredObject } from '../../core/snapshot/types';
import { collectFromFiles } from './collect-from-files';

const BOOTSTRAP = 'fixtures/k8s-bootstrap';
const REAL_WORLD = 'fixtures/real-world-rbac';
let dir = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atlas-files-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function snapshotOf(result: CollectResult): CollectedSnapshot {
  if (!result.ok) assert.fail(`expected a snapshot, got ${result.error.code}: ${result.error.message}`);
  return result.snapshot;
}

function errorOf(result: CollectResult) {
  if (result.ok) assert.fail('expected an error');
  return result.error;
}

function countKinds(objects: readonly StoredObject[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const object of objects) counts[object.kind] = (counts[object.kind] ?? 0) + 1;
  return counts;
}

function hashes(objects: readonly StoredObject[]): Map<string, string> {
  return new Map(objects.map((o) => [`${o.kind}/${o.namespace}/${o.name}`, o.hash]));
}

async function fixtureItems(path: string): Promise<JsonObject[]> {
  const list = parse(await readFile(path, 'utf8')) as { items: JsonObject[] };
  return list.items;
}

void describe('collectFromFiles: accepted formats', () => {
  void test('a `kind: List` YAML file (bootstrap ClusterRoles) yields every item', async () => {
    const path = join(BOOTSTRAP, 'cluster-roles.yaml');
    const snapshot = snapshotOf(await collectFromFiles([path]));
    const items = await fixtureItems(path);
    assert.equal(snapshot.objects.length, items.length);
    assert.deepEqual(countKinds(snapshot.objects), { ClusterRole: 31 });
    assert.deepEqual(snapshot.missingKinds, []);
    assert.equal(snapshot.origin, path);
    // creationTimestamp: null is in the fixture and gone from the stored body.
    const admin = snapshot.objects.find((o) => o.name === 'admin');
    assert.ok(admin && !('creationTimestamp' in (admin.body.metadata as JsonObject)));
  });

  void test('a multi-document YAML file with a comment header (argo-cd)', async () => {
    const snapshot = snapshotOf(await collectFromFiles([join(REAL_WORLD, 'argo-cd.yaml')]));
    assert.deepEqual(countKinds(snapshot.objects), { ServiceAccount: 7, ClusterRole: 3, ClusterRoleBinding: 3, Role: 6, RoleBinding: 6 });
    // Namespaced objects without a namespace land in "default", with one warning naming them.
    const roles = snapshot.objects.filter((o) => o.kind === 'Role');
    assert.ok(roles.every((o) => o.namespace === 'default'));
    assert.equal(snapshot.warnings.length, 1);
    assert.match(snapshot.warnings[0] ?? '', /argo-cd\.yaml: 19 namespaced object\(s\).*"default".*ServiceAccount argocd-server/);
  });

  void test('a default namespace places objects like `kubectl apply -n`, without a warning', async () => {
    const snapshot = snapshotOf(await collectFromFiles([join(REAL_WORLD, 'argo-cd.yaml')], { defaultNamespace: 'argocd' }));
    const namespaced = snapshot.objects.filter((o) => o.kind !== 'ClusterRole' && o.kind !== 'ClusterRoleBinding');
    assert.equal(namespaced.length, 19);
    assert.ok(namespaced.every((o) => o.namespace === 'argocd'));
    assert.deepEqual(snapshot.warnings, []);
  });

  void test('a directory is read recursively, only manifest files, in path order', async () => {
    const snapshot = snapshotOf(await collectFromFiles([REAL_WORLD]));
    // Totals from fixtures/real-world-rbac/README.md (16 files, 176 objects); README.md itself is not read.
    assert.deepEqual(countKinds(snapshot.objects), {
      ServiceAccount: 43,
      ClusterRole: 53,
      ClusterRoleBinding: 38,
      Role: 20,
      RoleBinding: 22,
    });
  });

  void test('cluster-scoped objects carrying a namespace (terway) are stored without one', async () => {
    const snapshot = snapshotOf(await collectFromFiles([join(REAL_WORLD, 'terway.yaml')]));
    const clusterRole = snapshot.objects.find((o) => o.kind === 'ClusterRole');
    assert.equal(clusterRole?.namespace, '');
    assert.ok(clusterRole && !('namespace' in (clusterRole.body.metadata as JsonObject)));
    assert.equal(snapshot.objects.find((o) => o.kind === 'ServiceAccount')?.namespace, 'kube-system');
  });

  void test("'-' reads stdin, and gives the same objects as the file", async () => {
    const path = join(REAL_WORLD, 'kyverno.yaml');
    const fromFile = snapshotOf(await collectFromFiles([path]));
    const stdin = Readable.from([await readFile(path)]);
    const fromStdin = snapshotOf(await collectFromFiles(['-'], { stdin }));
    assert.deepEqual(hashes(fromStdin.objects), hashes(fromFile.objects));
    assert.equal(fromStdin.origin, '<stdin>');
  });

  void test('a JSON List (kubectl get -o json) gives the same hashes as the YAML it came from', async () => {
    const yamlPath = join(BOOTSTRAP, 'controller-roles.yaml');
    const jsonPath = join(dir, 'controller-roles.json');
    await writeFile(jsonPath, JSON.stringify(parse(await readFile(yamlPath, 'utf8')), null, 2));
    const fromYaml = snapshotOf(await collectFromFiles([yamlPath]));
    const fromJson = snapshotOf(await collectFromFiles([jsonPath]));
    assert.equal(fromJson.objects.length, 38);
    assert.deepEqual(hashes(fromJson.objects), hashes(fromYaml.objects));
  });

  void test('a JSON List with a byte-order mark and CRLF line ends gives the same snapshot', async () => {
    const list = parse(await readFile(join(BOOTSTRAP, 'cluster-roles.yaml'), 'utf8')) as JsonObject;
    const plainPath = join(dir, 'plain.json');
    const bomPath = join(dir, 'bom-crlf.json');
    const pretty = JSON.stringify(list, null, 4);
    await writeFile(plainPath, pretty);
    await writeFile(bomPath, `\ufeff${pretty.replace(/\n/g, '\r\n')}\r\n`);
    const plain = snapshotOf(await collectFromFiles([plainPath]));
    const bom = snapshotOf(await collectFromFiles([bomPath]));
    assert.equal(bom.objects.length, 31);
    assert.deepEqual(bom.objects, plain.objects);
    assert.deepEqual(bom.warnings, plain.warnings);
  });

  void test('a .yaml file that starts like a JSON List but is YAML keeps each object once', async () => {
    const path = join(dir, 'flow.yaml');
    const namespace = JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } });
    await writeFile(
      path,
      `{"apiVersion": "v1", "kind": "List", "items": [${namespace}, {apiVersion: v1, kind: Namespace, metadata: {name: b}}]}\n`,
    );
    const snapshot = snapshotOf(await collectFromFiles([path]));
    assert.deepEqual(
      snapshot.objects.map((o) => o.name),
      ['a', 'b'],
    );
    assert.deepEqual(snapshot.warnings, []);
  });

  void test('JSON on stdin is recognised by its first character', async () => {
    const items = await fixtureItems(join(BOOTSTRAP, 'namespace-roles.yaml'));
    const stdin = Readable.from([JSON.stringify({ apiVersion: 'v1', kind: 'RoleList', items })]);
    assert.deepEqual(countKinds(snapshotOf(await collectFromFiles(['-'], { stdin })).objects), { Role: 7 });
  });
});

void describe('collectFromFiles: hashing', () => {
  void test('hashes ignore managedFields, resourceVersion, status and key order', async () => {
    const path = join(BOOTSTRAP, 'cluster-role-bindings.yaml');
    const original = snapshotOf(await collectFromFiles([path]));
    const live = (await fixtureItems(path)).map((item, index) => {
      const metadata = { ...(item.metadata as JsonObject) };
      const reordered: JsonObject = Object.fromEntries(Object.entries(item).reverse());
      reordered.metadata = {
        ...Object.fromEntries(Object.entries(metadata).reverse()),
        resourceVersion: String(1000 + index),
        managedFields: [{ manager: 'kube-apiserver', operation: 'Update', time: '2025-01-01T00:00:00Z' }],
      };
      reordered.status = {};
      return reordered;
    });
    const jsonPath = join(dir, 'live-bindings.json');
    await writeFile(jsonPath, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: live }));
    assert.deepEqual(hashes(snapshotOf(await collectFromFiles([jsonPath])).objects), hashes(original.objects));
  });

  void test('re-normalizing any stored fixture object is a no-op', async () => {
    const snapshot = snapshotOf(await collectFromFiles([BOOTSTRAP, REAL_WORLD]));
    for (const object of snapshot.objects) assert.deepEqual(normalizeObject(object.body), object, `${object.kind} ${object.name}`);
  });
});

void describe('collectFromFiles: skipped, repeated and refused input', () => {
  const manifest = [
    '# from: hand-written test input',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: web, namespace: shop}',
    '---',
    'apiVersion: v1',
    'kind: Secret',
    'metadata: {name: db, namespace: shop}',
    'data: {password: c3VwZXItc2VjcmV0LXZhbHVl}',
    '---',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: api, namespace: shop}',
    '---',
    'apiVersion: cert-manager.io/v1',
    'kind: Certificate',
    'metadata: {name: tls, namespace: shop}',
    '---',
    'apiVersion: v1',
    'kind: ServiceAccount',
    'metadata: {name: web, namespace: shop, labels: {v: "1"}}',
    '---',
    'apiVersion: v1',
    'kind: ServiceAccount',
    'metadata: {name: web, namespace: shop, labels: {v: "2"}}',
    '',
  ].join('\n');

  void test('unknown kinds: one warning per kind with counts; Secrets skipped unread; last duplicate wins', async () => {
    const path = join(dir, 'mixed.yaml');
    await writeFile(path, manifest);
    const result = await collectFromFiles([path]);
    const snapshot = snapshotOf(result);
    assert.equal(snapshot.objects.length, 1);
    assert.deepEqual(snapshot.objects[0]?.body.metadata, { name: 'web', namespace: 'shop', labels: { v: '2' } });
    const warnings = snapshot.warnings.join('\n');
    assert.match(warnings, /mixed\.yaml: skipped 2 Deployment \(apps\/v1\) objects/);
    assert.match(warnings, /mixed\.yaml: skipped 1 Certificate \(cert-manager\.io\/v1\) object/);
    assert.match(warnings, /mixed\.yaml: skipped 1 Secret object without reading them/);
    assert.match(
      warnings,
      /ServiceAccount shop\/web is defined at .*mixed\.yaml:19 \(document 5\) and again at .*mixed\.yaml:23 \(document 6\)/,
    );
    assert.equal(snapshot.warnings.length, 4);
    const everything = JSON.stringify(result);
    assert.ok(!everything.includes('c3VwZXItc2VjcmV0LXZhbHVl') && !everything.includes('"db"'));
  });

  void test('bad YAML names the file, line and column', async () => {
    const path = join(dir, 'broken.yaml');
    await writeFile(path, 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: [unclosed\n  namespace: x\n');
    const error = errorOf(await collectFromFiles([path]));
    assert.equal(error.code, 'bad-input');
    assert.match(error.message, new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: invalid YAML`));
  });

  void test('bad JSON names the file and the line:col of the fault', async () => {
    const path = join(dir, 'broken.json');
    await writeFile(path, '{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [\n    {"kind": "Role",}\n  ]\n}\n');
    const error = errorOf(await collectFromFiles([path]));
    assert.equal(error.code, 'bad-input');
    assert.equal(error.message, `${path}:5:21: invalid JSON: expected a double-quoted property name`);
  });

  void test('a truncated JSON List names the file and its end', async () => {
    const path = join(dir, 'truncated.json');
    const text = JSON.stringify(parse(await readFile(join(BOOTSTRAP, 'cluster-roles.yaml'), 'utf8')), null, 4);
    const cut = text.slice(0, text.indexOf('"name": "system:discovery"') + '"name": "system:disc'.length);
    await writeFile(path, cut);
    const lines = cut.split('\n');
    const error = errorOf(await collectFromFiles([path]));
    assert.equal(error.message, `${path}:${lines.length}:${(lines.at(-1)?.length ?? 0) + 1}: invalid JSON: unterminated string`);
  });

  void test('bad JSON in one item of a List names the line:col of the fault', async () => {
    const path = join(dir, 'bad-item.json');
    const items = (await fixtureItems(join(BOOTSTRAP, 'namespace-roles.yaml'))).map((item) => JSON.stringify(item));
    items[5] = items[5]?.replace('"kind":"Role"', '"kind":Role') ?? '';
    await writeFile(path, `{"apiVersion": "v1",\n"items": [\n${items.join(',\n')}\n], "kind": "List"}`);
    const error = errorOf(await collectFromFiles([path]));
    assert.equal(error.message, `${path}:8:${(items[5]?.indexOf(':Role') ?? 0) + 2}: invalid JSON: unexpected character "R"`);
  });

  void test('an object without kind is an error naming the file and document', async () => {
    const path = join(dir, 'no-kind.yaml');
    await writeFile(path, 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: v1\nmetadata: {name: b}\n');
    const error = errorOf(await collectFromFiles([path]));
    assert.match(error.message, /no-kind\.yaml:5 \(document 2\): field kind/);
  });

  void test('a kept object without metadata.name is an error naming the List item', async () => {
    const path = join(dir, 'no-name.json');
    await writeFile(
      path,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: {} }],
      }),
    );
    const error = errorOf(await collectFromFiles([path]));
    assert.match(error.message, /no-name\.json \(document 1, item 1\): Role: field metadata\.name/);
  });

  void test('empty input, or input with nothing we keep, is an error', async () => {
    const empty = join(dir, 'empty.yaml');
    await writeFile(empty, '# nothing here\n---\n');
    assert.match(errorOf(await collectFromFiles([empty])).message, /no Kubernetes objects found/);
    const emptyDir = join(dir, 'empty-dir');
    await mkdir(emptyDir);
    await writeFile(join(emptyDir, 'notes.txt'), 'kind: Role');
    assert.match(errorOf(await collectFromFiles([emptyDir])).message, /no Kubernetes objects found/);
    const onlyDeployments = join(dir, 'deployments.yaml');
    await writeFile(onlyDeployments, 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n');
    assert.match(errorOf(await collectFromFiles([onlyDeployments])).message, /none of the 1 objects .* is of a kind Access Atlas reads/);
  });

  void test('a missing path and a too-large file are refused by name', async () => {
    const missing = join(dir, 'nope.yaml');
    assert.equal(errorOf(await collectFromFiles([missing])).message, `cannot read ${missing}: no such file or directory`);
    const path = join(BOOTSTRAP, 'cluster-roles.yaml');
    const error = errorOf(await collectFromFiles([path], { maxFileBytes: 1000 }));
    assert.match(error.message, /cluster-roles\.yaml is \d+ bytes, more than the limit of 1000 bytes/);
  });

  void test('a scalar document is not a Kubernetes object', async () => {
    const path = join(dir, 'scalar.yaml');
    await writeFile(path, 'just a string\n');
    assert.match(errorOf(await collectFromFiles([path])).message, /scalar\.yaml:1 \(document 1\): a string, not a Kubernetes object/);
  });
});

void describe('collectFromFiles: size', () => {
  // Speed is measured in bench/ (ingest), never timed here: this checks a 60 MB List is read whole.
  void test('a ~60 MB JSON List of 50k objects is read item by item, nothing lost', async () => {
    const template = (await fixtureItems(join(BOOTSTRAP, 'cluster-roles.yaml'))).find(
      (item) => (item.metadata as JsonObject).name === 'system:kube-controller-manager',
    );
    assert.ok(template);
    const items: JsonObject[] = [];
    for (let i = 0; i < 50_000; i += 1) {
      items.push({
        ...template,
        kind: 'Role',
        metadata: { name: `role-${i}`, namespace: `ns-${i % 500}`, uid: `uid-${i}`, resourceVersion: String(i) },
      });
    }
    const path = join(dir, 'big.json');
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
    await writeFile(path, text);
    assert.ok(text.length > 55_000_000, `only ${text.length} bytes`);
    const snapshot = snapshotOf(await collectFromFiles([path]));
    assert.equal(snapshot.objects.length, 50_000);
    assert.deepEqual(
      snapshot.objects.filter((o) => o.name === 'role-49999').map((o) => [o.kind, o.namespace]),
      [['Role', 'ns-499']],
    );
  });
});
