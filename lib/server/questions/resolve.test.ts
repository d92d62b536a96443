// The one resolver: which source and snapshot answer a question, and every way it refuses, each a
// QuestionError with its code and the parameter it names.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MissingKind } from '../../core/snapshot/types';
import { openStore, type Store } from '../../store';
import { QuestionError, type QuestionErrorCode } from './errors';
import { resolveQuestion, type ResolveInput } from './resolve';

describe('resolveQuestion', () => {
  let dir = '';
  let store: Store;
  const ids: Record<string, number> = {};

  async function snapshot(sourceName: string, kind: 'cluster' | 'cloud-account', missingKinds: MissingKind[] = []): Promise<number> {
    const source = await store.ensureSource({ name: sourceName, kind, connection: {} });
    const started = await store.startSnapshot(source.id, 'test');
    await store.finishSnapshot(started.id, { objects: [], missingKinds, warnings: [], origin: 'test' });
    return started.id;
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'atlas-resolve-'));
    store = await openStore({ databaseUrl: `file:${join(dir, 'test.db')}` });
    ids.prod = await snapshot('prod', 'cluster');
    ids.ram = await snapshot('ram', 'cloud-account');
    // A failed snapshot holds no data: asked by id it is unavailable, never an empty answer.
    const prod = await store.getSource('prod');
    assert.ok(prod);
    const failed = await store.startSnapshot(prod.id, 'test');
    await store.failSnapshot(failed.id, 'network: connection refused');
    ids.failed = failed.id;
  });

  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function refused(input: ResolveInput, code: QuestionErrorCode, param: string, message: RegExp): Promise<void> {
    await assert.rejects(resolveQuestion(store, input), (error: unknown) => {
      assert.ok(error instanceof QuestionError, String(error));
      assert.deepEqual([error.code, error.param], [code, param], error.message);
      assert.match(error.message, message);
      return true;
    });
  }

  test('the only source of the needed kind answers when none is named', async () => {
    assert.equal((await resolveQuestion(store, { need: 'rbac' })).source.name, 'prod');
    assert.equal((await resolveQuestion(store, { need: 'cloud' })).source.name, 'ram');
    const bySnapshot = await resolveQuestion(store, { need: 'cloud', snapshotId: ids.ram });
    assert.deepEqual([bySnapshot.source.name, bySnapshot.snapshot.id], ['ram', ids.ram]);
  });

  test('a question to the other layer is wrong-kind, naming the source and offering the right ones', async () => {
    await refused(
      { need: 'rbac', source: 'ram' },
      'wrong-kind',
      'source',
      /^source "ram" is a cloud account: RBAC questions need a cluster source \(a cluster source: prod\)$/,
    );
    await refused(
      { need: 'cloud', source: 'prod' },
      'wrong-kind',
      'source',
      /^source "prod" is a cluster: RAM\/IAM questions need a cloud account source/,
    );
    await refused({ need: 'rbac', snapshotId: ids.ram }, 'wrong-kind', 'snapshot', /source "ram" is a cloud account/);
  });

  test('unknown names and ids are not-found; a failed snapshot is unavailable', async () => {
    await refused({ need: 'rbac', source: 'nope' }, 'not-found', 'source', /^source "nope" does not exist$/);
    await refused({ need: 'rbac', snapshotId: 999999 }, 'not-found', 'snapshot', /^snapshot 999999 does not exist$/);
    await refused({ need: 'rbac', source: 'prod', snapshotId: 999999 }, 'not-found', 'snapshot', /^snapshot 999999 does not exist$/);
    await refused({ need: 'rbac', source: 'prod', snapshotId: ids.ram }, 'not-found', 'snapshot', /^source "prod" has no snapshot /);
    await refused({ need: 'rbac', snapshotId: ids.failed }, 'unavailable', 'snapshot', /is failed; it holds no data$/);
  });

  test('several sources of the kind: the API and CLI must name one, a page takes the first by name', async () => {
    ids.dev = await snapshot('dev', 'cluster');
    await refused({ need: 'rbac' }, 'invalid', 'source', /^source is required: there are 2 cluster sources \(dev, prod\)$/);
    assert.equal((await resolveQuestion(store, { need: 'rbac', defaultSource: 'first' })).source.name, 'dev');
    // The cloud side still has one source: no ambiguity there.
    assert.equal((await resolveQuestion(store, { need: 'cloud' })).source.name, 'ram');
  });

  test('a partial snapshot lacking a kind the question needs is unavailable, naming the kinds', async () => {
    await snapshot('lacking', 'cluster', [{ kind: 'ClusterRoleBinding', reason: 'forbidden' }]);
    await refused({ need: 'rbac', source: 'lacking' }, 'unavailable', 'snapshot', /lacks ClusterRoleBinding \(forbidden\): RBAC questions/);
    // Lacking a kind RBAC does not need (Pods) still answers.
    await snapshot('no-pods', 'cluster', [{ kind: 'Pod', reason: 'forbidden' }]);
    assert.equal((await resolveQuestion(store, { need: 'rbac', source: 'no-pods' })).source.name, 'no-pods');
    await snapshot('ram-partial', 'cloud-account', [{ kind: 'CloudPolicy', reason: 'forbidden' }]);
    await refused(
      { need: 'cloud', source: 'ram-partial' },
      'unavailable',
      'snapshot',
      /lacks CloudPolicy \(forbidden\): RAM\/IAM questions/,
    );
  });

  test('a source without any usable snapshot is unavailable; no source of the kind at all is not-found', async () => {
    await store.ensureSource({ name: 'empty', kind: 'cluster', connection: {} });
    await refused({ need: 'rbac', source: 'empty' }, 'unavailable', 'source', /^source "empty" has no complete or partial snapshot yet$/);
    const other = await openStore({ databaseUrl: `file:${join(dir, 'other.db')}` });
    try {
      await other.ensureSource({ name: 'only-cluster', kind: 'cluster', connection: {} });
      await assert.rejects(resolveQuestion(other, { need: 'cloud' }), {
        code: 'not-found',
        param: 'source',
        message: /^there is no cloud-account source yet \(there are only only-cluster: cluster\)/,
      });
    } finally {
      await other.close();
    }
  });
});
