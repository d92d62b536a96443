import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeObject } from '../../core/kube/normalize';
import type { JsonObject, MissingKind, StoredObject } from '../../core/snapshot/types';
import { openStore, type Store } from '../../store';
import { clusterRole, clusterRoleBinding, group, namespace, role, roleBinding, sa, user } from '../demo/kube-objects';
import { answerWhoCan, describeQuery, hasWhoCanQuestion, parseWhoCanParams, type ParseResult } from './who-can';

function parse(query: string): ParseResult {
  return parseWhoCanParams(new URLSearchParams(query));
}

function expectError(query: string, field: string, message: RegExp): void {
  const result = parse(query);
  assert.equal(result.ok, false, `${query} should be refused`);
  if (result.ok) return;
  assert.equal(result.field, field, `${query}: ${result.error}`);
  assert.match(result.error, message);
}

describe('parseWhoCanParams: valid questions', () => {
  const cases: { name: string; query: string; expected: unknown }[] = [
    {
      name: 'namespaced resource',
      query: 'verb=get&resource=secrets&namespace=shop',
      expected: {
        request: { kind: 'resource', verb: 'get', apiGroup: '', resource: 'secrets', subresource: '', namespace: 'shop', name: '' },
        allNamespaces: false,
      },
    },
    {
      name: 'cluster-scoped with group, blanks ignored as a submitted form sends them',
      query: 'verb=escalate&resource=clusterroles&apiGroup=rbac.authorization.k8s.io&name=&subresource=&nonResourceURL=',
      expected: {
        request: {
          kind: 'resource',
          verb: 'escalate',
          apiGroup: 'rbac.authorization.k8s.io',
          resource: 'clusterroles',
          subresource: '',
          namespace: '',
          name: '',
        },
        allNamespaces: false,
      },
    },
    {
      name: 'subresource, all namespaces, source and snapshot',
      query: 'verb=create&resource=pods&subresource=exec&allNamespaces=true&source=prod&snapshot=12',
      expected: {
        request: { kind: 'resource', verb: 'create', apiGroup: '', resource: 'pods', subresource: 'exec', namespace: '', name: '' },
        allNamespaces: true,
        source: 'prod',
        snapshotId: 12,
      },
    },
    {
      name: 'explicit subresource and name; values are trimmed',
      query: 'verb=+get+&resource=pods&subresource=log&name=web-0&namespace=shop',
      expected: {
        request: { kind: 'resource', verb: 'get', apiGroup: '', resource: 'pods', subresource: 'log', namespace: 'shop', name: 'web-0' },
        allNamespaces: false,
      },
    },
    {
      name: 'non-resource URL',
      query: 'verb=get&nonResourceURL=/metrics&allNamespaces=false',
      expected: { request: { kind: 'nonResource', verb: 'get', path: '/metrics' }, allNamespaces: false },
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const result = parse(c.query);
      assert.deepEqual(result, { ok: true, query: c.expected });
    });
  }
});

describe('parseWhoCanParams: errors name the field', () => {
  test('missing or empty verb', () => {
    expectError('resource=secrets', 'verb', /verb is required/);
    expectError('verb=&resource=secrets', 'verb', /verb is required/);
    expectError('verb=%20%20&resource=secrets', 'verb', /verb is required/);
  });
  test('verb with a space', () => expectError('verb=get list&resource=secrets', 'verb', /one word/));
  test('neither resource nor URL', () => expectError('verb=get', 'resource', /resource is required/));
  test('both resource and URL', () =>
    expectError('verb=get&resource=secrets&nonResourceURL=/metrics', 'resource', /cannot be combined with nonResourceURL/));
  test('namespace with a URL', () => expectError('verb=get&namespace=a&nonResourceURL=/metrics', 'namespace', /cannot be combined/));
  test('all namespaces with a URL', () =>
    expectError('verb=get&allNamespaces=true&nonResourceURL=/metrics', 'allNamespaces', /cannot be combined/));
  test('URL not starting with /', () => expectError('verb=get&nonResourceURL=metrics', 'nonResourceURL', /starting with \//));
  test('namespace and all namespaces', () =>
    expectError('verb=get&resource=pods&namespace=a&allNamespaces=1', 'allNamespaces', /choose one scope/));
  test('empty namespace', () => expectError('verb=get&resource=pods&namespace=', 'namespace', /namespace is empty/));
  test('namespace that is not a DNS label', () => expectError('verb=get&resource=pods&namespace=Shop_1', 'namespace', /DNS label/));
  test('core group spelled out', () => expectError('verb=get&resource=pods&apiGroup=core', 'apiGroup', /leave it blank/));
  test('group with version', () => expectError('verb=get&resource=deployments&apiGroup=apps/v1', 'apiGroup', /without its version/));
  test('kubectl shorthands are refused rather than guessed', () => {
    expectError('verb=get&resource=pods/log', 'resource', /subresource in subresource/);
    expectError('verb=get&resource=deployments.apps', 'resource', /group in apiGroup/);
  });
  test('allNamespaces not a boolean', () => expectError('verb=get&resource=pods&allNamespaces=yes', 'allNamespaces', /true or false/));
  test('snapshot not an id', () => {
    expectError('verb=get&resource=pods&snapshot=latest', 'snapshot', /snapshot id/);
    expectError('verb=get&resource=pods&snapshot=0', 'snapshot', /snapshot id/);
  });
  test('repeated parameter', () => expectError('verb=get&verb=list&resource=pods', 'verb', /more than once/));
  test('unknown parameter', () => expectError('verb=get&resources=pods', 'query', /unknown parameter resources/));
  test('record input (page searchParams) with an array value', () => {
    const result = parseWhoCanParams({ verb: ['get', 'list'], resource: 'pods' });
    assert.deepEqual(result, { ok: false, field: 'verb', error: 'verb is given more than once' });
  });
});

describe('hasWhoCanQuestion and describeQuery', () => {
  test('source and snapshot alone ask nothing', () => {
    assert.equal(hasWhoCanQuestion(new URLSearchParams('source=a&snapshot=3')), false);
    assert.equal(hasWhoCanQuestion(new URLSearchParams('verb=')), true);
    assert.equal(hasWhoCanQuestion({}), false);
  });
  test('descriptions', () => {
    const describe1 = (q: string) => {
      const r = parse(q);
      assert.ok(r.ok);
      return describeQuery(r.query);
    };
    assert.equal(describe1('verb=get&resource=secrets&namespace=shop'), 'get secrets in namespace shop');
    assert.equal(describe1('verb=get&resource=pods&subresource=log&allNamespaces=true'), 'get pods/log in any namespace');
    assert.equal(describe1('verb=patch&resource=deployments&apiGroup=apps&name=web'), 'patch deployments.apps named web cluster-wide');
    assert.equal(describe1('verb=get&nonResourceURL=/healthz'), 'get /healthz');
  });
});

// ---- Asked of a real store (a SQLite file in a temp dir) ----

const CLUSTER: JsonObject[] = [
  namespace('shop'),
  clusterRole('secret-reader', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }]),
  clusterRoleBinding('auditors', 'secret-reader', [group('auditors')]),
  role('shop', 'config', [
    { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
    { apiGroups: [''], resources: ['secrets'], resourceNames: ['app'], verbs: ['get'] },
  ]),
  roleBinding('shop', 'app-config', { kind: 'Role', name: 'config' }, [sa('shop', 'app'), user('alice')]),
];

function stored(raws: JsonObject[]): StoredObject[] {
  return raws.map((raw) => {
    const object = normalizeObject(raw);
    assert.ok(object, `fixture object ${JSON.stringify(raw).slice(0, 60)} is kept`);
    return object;
  });
}

describe('answerWhoCan on a stored snapshot', () => {
  let dir = '';
  let store: Store;
  let partialId = 0;
  let completeId = 0;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'atlas-who-can-'));
    store = await openStore({ databaseUrl: `file:${join(dir, 'test.db')}` });
    const source = await store.ensureSource({ name: 'shop-cluster', kind: 'cluster', connection: {} });
    const complete = await store.startSnapshot(source.id, 'test');
    await store.finishSnapshot(complete.id, { objects: stored(CLUSTER), missingKinds: [], warnings: [], origin: 'test' });
    completeId = complete.id;
    // A later collection that could not list RoleBindings: newer, but it must never answer.
    const lacking: MissingKind[] = [{ kind: 'RoleBinding', reason: 'forbidden' }];
    const partial = await store.startSnapshot(source.id, 'test');
    const withoutRoleBindings = stored(CLUSTER).filter((o) => o.kind !== 'RoleBinding');
    await store.finishSnapshot(partial.id, { objects: withoutRoleBindings, missingKinds: lacking, warnings: [], origin: 'test' });
    partialId = partial.id;
  });

  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('a chosen snapshot answers with every path', async () => {
    const outcome = await answerWhoCan(
      store,
      new URLSearchParams(`verb=get&resource=secrets&namespace=shop&source=shop-cluster&snapshot=${completeId}`),
    );
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.error);
    assert.deepEqual(outcome.answer.subjects, [
      {
        kind: 'Group',
        name: 'auditors',
        matchedBy: [
          { binding: { kind: 'ClusterRoleBinding', name: 'auditors' }, role: { kind: 'ClusterRole', name: 'secret-reader' }, ruleIndex: 0 },
        ],
      },
    ]);
    const named = await answerWhoCan(
      store,
      new URLSearchParams(`verb=get&resource=secrets&name=app&namespace=shop&snapshot=${completeId}`),
    );
    assert.ok(named.ok);
    assert.deepEqual(
      named.answer.subjects.map((s) => [s.kind, s.name, s.matchedBy.map((m) => `${m.binding.name}#${m.ruleIndex}`).join(',')]),
      [
        ['Group', 'auditors', 'auditors#0'],
        ['ServiceAccount', 'app', 'app-config#1'],
        ['User', 'alice', 'app-config#1'],
      ],
    );
  });

  test('a partial snapshot lacking RBAC kinds is refused, naming them, even as the default', async () => {
    for (const query of ['verb=get&resource=secrets&namespace=shop', `verb=get&resource=secrets&namespace=shop&snapshot=${partialId}`]) {
      const outcome = await answerWhoCan(store, new URLSearchParams(query));
      assert.equal(outcome.ok, false, query);
      if (outcome.ok) return;
      assert.equal(outcome.status, 409);
      assert.equal(outcome.field, 'snapshot');
      assert.match(outcome.error, /RoleBinding \(forbidden\)/);
    }
  });

  test('unknown source or snapshot, and bad params, name the field', async () => {
    const noSource = await answerWhoCan(store, new URLSearchParams('verb=get&resource=secrets&source=nope'));
    assert.deepEqual(noSource, { ok: false, code: 'not-found', status: 404, field: 'source', error: 'source "nope" does not exist' });
    const noSnapshot = await answerWhoCan(store, new URLSearchParams('verb=get&resource=secrets&source=shop-cluster&snapshot=99999'));
    assert.deepEqual(noSnapshot, { ok: false, code: 'not-found', status: 404, field: 'snapshot', error: 'snapshot 99999 does not exist' });
    // A snapshot id alone picks its source.
    const bySnapshot = await answerWhoCan(store, new URLSearchParams(`verb=get&resource=secrets&snapshot=${completeId}`));
    assert.ok(bySnapshot.ok);
    assert.equal(bySnapshot.loaded.snapshot.sourceName, 'shop-cluster');
    const bad = await answerWhoCan(store, new URLSearchParams('resource=secrets'));
    assert.deepEqual(bad, { ok: false, code: 'invalid', status: 400, field: 'verb', error: 'verb is required' });
  });
});
