// /api/graph's answers on a real store (a SQLite file in a temp dir): params refused by name,
// the three views, the cut, and a snapshot that cannot answer.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeObject } from '../core/kube/normalize';
import type { JsonObject, StoredObject } from '../core/snapshot/types';
import { openStore, type Store } from '../store';
import { clusterRole, clusterRoleBinding, group, namespace, role, roleBinding, sa, user } from './demo/kube-objects';
import { answerGraph, type GraphResponseOk } from './graph';

const CLUSTER: JsonObject[] = [
  namespace('shop'),
  clusterRole('secret-reader', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }]),
  clusterRoleBinding('auditors', 'secret-reader', [group('auditors')]),
  clusterRoleBinding('system:auditors', 'secret-reader', [group('system:auditors')]),
  role('shop', 'config', [
    { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
    { apiGroups: [''], resources: ['secrets'], resourceNames: ['app'], verbs: ['get'] },
  ]),
  roleBinding('shop', 'app-config', { kind: 'Role', name: 'config' }, [sa('shop', 'app'), user('alice')]),
];

function stored(raws: JsonObject[]): StoredObject[] {
  return raws.map((raw) => {
    const object = normalizeObject(raw);
    assert.ok(object);
    return object;
  });
}

describe('answerGraph on a stored snapshot', () => {
  let dir = '';
  let store: Store;
  const ask = (query: string) => answerGraph(store, new URLSearchParams(query));
  const ok = async (query: string): Promise<GraphResponseOk> => {
    const { status, body } = await ask(query);
    assert.equal(status, 200, JSON.stringify(body));
    assert.ok(body.ok);
    return body;
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'atlas-graph-'));
    store = await openStore({ databaseUrl: `file:${join(dir, 'test.db')}` });
    const source = await store.ensureSource({ name: 'shop-cluster', kind: 'cluster', connection: {} });
    const snap = await store.startSnapshot(source.id, 'test');
    await store.finishSnapshot(snap.id, { objects: stored(CLUSTER), missingKinds: [], warnings: [], origin: 'test' });
  });
  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('bad params are refused, naming the param', async () => {
    const cases: [string, string, RegExp][] = [
      ['view=map', 'view', /view must be one of neighborhood, whole, who-can/],
      ['focus=ns:shop&depth=9', 'depth', /depth must be 1, 2, 3 or 4/],
      ['kinds=User,Pod', 'kinds', /kinds must be a comma-separated list/],
      ['limit=99999', 'limit', /limit must be at most 5000/],
      ['focus=ns:shop&focus=ns:x', 'focus', /given more than once/],
      ['colour=red', 'colour', /unknown parameter colour/],
      ['view=who-can&verb=get', 'resource', /resource is required/],
    ];
    for (const [query, param, message] of cases) {
      const { status, body } = await ask(query);
      assert.equal(status, 400, query);
      assert.ok(!body.ok);
      assert.equal(body.param, param, query);
      assert.match(body.error, message);
    }
  });

  test('neighborhood of alice; an unknown focus or source is a 404 naming it', async () => {
    const body = await ok(`focus=${encodeURIComponent('subject:User::alice')}&depth=2`);
    assert.equal(body.view, 'neighborhood');
    assert.deepEqual(body.nodes.map((n) => n.id).sort(), [
      'binding:RoleBinding:shop:app-config',
      'ns:shop',
      'role:Role:shop:config',
      'subject:ServiceAccount:shop:app',
      'subject:User::alice',
    ]);
    const missing = await ask('focus=subject:User::bob');
    assert.equal(missing.status, 404);
    assert.ok(!missing.body.ok && missing.body.param === 'focus');
    const noSource = await ask('source=nope&view=whole');
    assert.equal(noSource.status, 404);
    assert.ok(!noSource.body.ok && noSource.body.param === 'source');
  });

  test('filters, search and the cut', async () => {
    const hidden = await ok(`focus=${encodeURIComponent('role:ClusterRole::secret-reader')}&depth=2&hideSystem=true`);
    assert.ok(hidden.nodes.every((n) => !n.isSystem));
    assert.ok(hidden.nodes.some((n) => n.id === 'subject:Group::auditors'));
    const cut = await ok(`focus=${encodeURIComponent('role:ClusterRole::secret-reader')}&depth=2&limit=2`);
    assert.equal(cut.nodes.length, 2);
    assert.match(cut.truncated?.reason ?? '', /showing the 2 nearest of 5 nodes/);
    const search = await ok('view=whole&q=audit');
    assert.deepEqual(
      search.matches.map((m) => m.id),
      [
        'binding:ClusterRoleBinding::auditors',
        'subject:Group::auditors',
        'binding:ClusterRoleBinding::system:auditors',
        'subject:Group::system:auditors',
      ],
    );
  });

  test('whole view without focus; who-can view draws the granting rules', async () => {
    const whole = await ok('');
    assert.equal(whole.view, 'whole');
    assert.equal(whole.nodes.find((n) => n.id === 'ns:shop')?.count, 3); // a RoleBinding, a Role, a bound ServiceAccount
    const answer = await ok('view=who-can&verb=get&resource=secrets&namespace=shop&name=app');
    assert.equal(answer.question, 'get secrets named app in namespace shop');
    const rules = answer.nodes
      .filter((n) => n.kind === 'Rule')
      .map((n) => `${n.id} ${n.detail ?? ''}`)
      .sort();
    assert.deepEqual(rules, ['rule:ClusterRole::secret-reader#0 get, list · secrets', 'rule:Role:shop:config#1 get · secrets [app]']);
  });
});
