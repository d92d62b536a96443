import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { JsonObject, JsonValue } from '../lib/core/snapshot/types';
import { toClusterObjects } from '../lib/core/kube/to-cluster-objects';
import {
  LIST_KINDS,
  LIST_NAMES,
  TIERS,
  generateCluster,
  mutate,
  objectCount,
  serializeList,
  type GeneratedCluster,
  type TierName,
} from './generate-cluster';

function hashOf(cluster: GeneratedCluster): string {
  const hash = createHash('sha256');
  for (const name of LIST_NAMES) hash.update(serializeList(cluster[name]));
  return hash.digest('hex');
}

function meta(item: JsonObject): JsonObject {
  const m = item.metadata;
  return typeof m === 'object' && m !== null && !Array.isArray(m) ? m : {};
}

function str(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : '';
}

function keyOf(item: JsonObject): string {
  const m = meta(item);
  return `${str(item.kind)}/${str(m.namespace)}/${str(m.name) || str(item.groupVersion)}`;
}

function rulesOf(cluster: GeneratedCluster, name: string): Set<string> {
  const role = cluster.clusterroles.find((r) => meta(r).name === name);
  const rules: JsonValue = role?.rules ?? [];
  return new Set((Array.isArray(rules) ? rules : []).map((r) => JSON.stringify(r)));
}

/** Objects added, removed or changed between two clusters, by kind/namespace/name. */
function changedObjects(before: GeneratedCluster, after: GeneratedCluster): { added: number; removed: number; edited: number } {
  const index = (c: GeneratedCluster) => new Map(LIST_NAMES.flatMap((n) => c[n].map((i) => [keyOf(i), JSON.stringify(i)] as const)));
  const a = index(before);
  const b = index(after);
  let removed = 0;
  let edited = 0;
  for (const [key, body] of a) {
    if (!b.has(key)) removed++;
    else if (b.get(key) !== body) edited++;
  }
  const added = [...b.keys()].filter((key) => !a.has(key)).length;
  return { added, removed, edited };
}

const small = generateCluster(TIERS.small, 42);

void describe('generateCluster', () => {
  void test('the same seed gives byte-identical output, another seed does not', () => {
    assert.equal(hashOf(generateCluster(TIERS.small, 42)), hashOf(small));
    assert.notEqual(hashOf(generateCluster(TIERS.small, 43)), hashOf(small));
  });

  for (const tier of Object.keys(TIERS) as TierName[]) {
    void test(`${tier} has exactly the tier's object counts`, () => {
      const spec = TIERS[tier];
      const cluster = tier === 'small' ? small : generateCluster(spec, 42);
      const counts = Object.fromEntries(LIST_NAMES.map((n) => [n, cluster[n].length]));
      assert.deepEqual(counts, {
        namespaces: spec.namespaces,
        serviceaccounts: spec.serviceAccounts,
        roles: spec.roles,
        clusterroles: spec.clusterRoles,
        rolebindings: spec.roleBindings,
        clusterrolebindings: spec.clusterRoleBindings,
        pods: spec.pods,
        apiresources: cluster.apiresources.length,
      });
      for (const name of LIST_NAMES) {
        assert.ok(
          cluster[name].every((item) => item.kind === LIST_KINDS[name]),
          `${name} holds only ${LIST_KINDS[name]}`,
        );
        const keys = new Set(cluster[name].map(keyOf));
        assert.equal(keys.size, cluster[name].length, `${name} has no duplicate names`);
      }
    });
  }

  void test('prints a kubectl List document: sorted keys, 4-space indent, empty list resourceVersion', () => {
    const text = serializeList(small.namespaces.slice(0, 1));
    assert.match(text, /^\{\n {4}"apiVersion": "v1",\n {4}"items": \[\n/);
    assert.match(text, /"kind": "List",\n {4}"metadata": \{\n {8}"resourceVersion": ""\n {4}\}\n\}\n$/);
  });

  void test('the output reads as valid cluster objects', () => {
    const objects = toClusterObjects(LIST_NAMES.flatMap((n) => small[n]));
    assert.equal(objects.roleBindings.length, TIERS.small.roleBindings);
    assert.equal(objects.pods.length, TIERS.small.pods);
    assert.ok(objects.apiResources.some((r) => r.name === 'pods/exec' && r.namespaced));
  });

  void test('has the shapes the benchmark needs to exercise', () => {
    const rules = [...small.roles, ...small.clusterroles].flatMap((r) => (Array.isArray(r.rules) ? r.rules : []));
    const text = JSON.stringify(rules);
    for (const needle of [
      '"*"',
      '"pods/log"',
      '"pods/exec"',
      '"*/scale"',
      '"resourceNames"',
      '"nonResourceURLs"',
      '"impersonate"',
      '"bind"',
      '"escalate"',
    ]) {
      assert.ok(text.includes(needle), `some rule has ${needle}`);
    }
    const subjects = JSON.stringify([...small.rolebindings, ...small.clusterrolebindings].map((b) => b.subjects ?? []));
    assert.ok(subjects.includes('"system:authenticated"'));
    assert.match(subjects, /\{"kind":"ServiceAccount","name":"[^"]+"\}/, 'some ServiceAccount subject has no namespace');
    const roleNames = new Set(small.roles.map((r) => `${str(meta(r).namespace)}/${str(meta(r).name)}`));
    const missing = small.rolebindings.filter((b) => {
      const ref = b.roleRef as JsonObject;
      return ref.kind === 'Role' && !roleNames.has(`${str(meta(b).namespace)}/${str(ref.name)}`);
    });
    assert.ok(missing.length > 0, 'some RoleBinding points at a missing Role');
  });

  void test('aggregated ClusterRoles are converged: admin covers edit covers view', () => {
    const view = rulesOf(small, 'view');
    const edit = rulesOf(small, 'edit');
    const admin = rulesOf(small, 'admin');
    assert.ok(view.size > 0);
    assert.ok([...view].every((r) => edit.has(r)));
    assert.ok([...edit].every((r) => admin.has(r)));
  });

  void test('pods run as a ServiceAccount of their namespace', () => {
    const accounts = new Set(small.serviceaccounts.map((sa) => `${str(meta(sa).namespace)}/${str(meta(sa).name)}`));
    for (const pod of small.pods) {
      const spec = pod.spec as JsonObject;
      assert.ok(accounts.has(`${str(meta(pod).namespace)}/${str(spec.serviceAccountName)}`));
    }
  });
});

void describe('mutate', () => {
  const total = objectCount(small) - small.apiresources.length;
  const mutated = mutate(small, 0.01, 7);

  void test('changes about 1% of the objects, each once', () => {
    const { added, removed, edited } = changedObjects(small, mutated);
    assert.equal(added + removed + edited, Math.round(total * 0.01));
    assert.ok(added > 0 && removed > 0 && edited > 0, `adds ${added}, deletes ${removed}, edits ${edited}`);
  });

  void test('is deterministic and leaves its input alone', () => {
    const before = hashOf(small);
    assert.equal(hashOf(mutate(small, 0.01, 7)), hashOf(mutated));
    assert.notEqual(hashOf(mutate(small, 0.01, 8)), hashOf(mutated));
    assert.equal(hashOf(small), before);
  });

  void test('keeps aggregation converged and discovery unchanged', () => {
    assert.deepEqual(rulesOf(mutated, 'admin'), rulesOf(small, 'admin'));
    assert.deepEqual(mutated.apiresources, small.apiresources);
  });
});
