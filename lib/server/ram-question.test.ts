// The RAM API questions over a real SQLite store: params validated and named, answers in the CLI's
// JSON, linked cluster service accounts included, the link part of the store exercised.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { collectFromFiles } from '../collect/files';
import { collectFromRamFiles } from '../collect/ram';
import { openStore, recordSnapshot, type Store } from '../store';
import { loadClusterLinks } from './cloud-account-index';
import { answerRam, parseRamParams } from './ram-question';

const LINKS = resolve(import.meta.dirname, '..', '..', 'fixtures', 'ram-links');

describe('parseRamParams', () => {
  const refused = (query: string, needsPrincipal: boolean) => {
    const r = parseRamParams(new URLSearchParams(query), needsPrincipal);
    assert.equal(r.ok, false, query);
    return r.ok ? { param: '', error: '' } : r;
  };

  test('context repeats into a multi-valued key; resourceGroup and snapshot are read', () => {
    const r = parseRamParams(
      new URLSearchParams(
        'action=ecs:StartInstance&resource=*&context=acs:SourceIp=10.0.0.1&context=acs:SourceIp=10.0.0.2&resourceGroup=rg-1&snapshot=3',
      ),
      false,
    );
    assert.ok(r.ok);
    if (!r.ok) return;
    const context: ReadonlyMap<string, readonly string[]> = r.query.request.context ?? new Map<string, readonly string[]>();
    assert.deepEqual(
      [...context.entries()].map(([k, v]) => [k.toLowerCase(), [...v]]),
      [['acs:sourceip', ['10.0.0.1', '10.0.0.2']]],
    );
    assert.equal(r.query.request.resourceGroupId, 'rg-1');
    assert.equal(r.query.snapshotId, 3);
  });

  test('every error names its param', () => {
    assert.equal(refused('resource=*', false).param, 'action');
    assert.equal(refused('action=DeleteCluster&resource=*', false).param, 'action');
    assert.equal(refused('action=cs:X', false).param, 'resource');
    assert.equal(refused('action=cs:X&resource=*&context=nokey', false).param, 'context');
    assert.equal(refused('action=cs:X&resource=*', true).param, 'principal');
    assert.equal(refused('action=cs:X&resource=*&principal=alice', true).param, 'principal');
    assert.equal(refused('action=cs:X&resource=*&action=cs:Y', false).param, 'action');
    assert.match(refused('action=cs:X&resource=*&verb=get', false).error, /unknown parameter verb/);
  });
});

describe('answerRam over a stored, linked cloud account', () => {
  let dir = '';
  let store: Store;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'atlas-ram-q-'));
    store = await openStore({ databaseUrl: `file:${join(dir, 'test.db')}` });
    const cloud = await recordSnapshot(store, 'ram18', 'cloud-account', () => collectFromRamFiles([join(LINKS, 'account.json')]), 'test');
    assert.equal(cloud.status, 'complete', cloud.error ?? '');
    const cluster = await recordSnapshot(store, 'ack', 'cluster', () => collectFromFiles([join(LINKS, 'cluster.yaml')]), 'test');
    assert.equal(cluster.status, 'complete', cluster.error ?? '');
  });
  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('links: set, read back, replace, refuse wrong kinds', async () => {
    await store.links.set({ clusterSource: 'ack', cloudSource: 'ram18', clusterRef: 'old' });
    await store.links.set({ clusterSource: 'ack', cloudSource: 'ram18', clusterRef: 'c86fdd***' });
    assert.deepEqual(await store.links.list(), [{ clusterSource: 'ack', cloudSource: 'ram18', clusterRef: 'c86fdd***' }]);
    assert.deepEqual(await store.links.getForCluster('ack'), { clusterSource: 'ack', cloudSource: 'ram18', clusterRef: 'c86fdd***' });
    await assert.rejects(
      store.links.set({ clusterSource: 'ram18', cloudSource: 'ack', clusterRef: 'x' }),
      /source "ram18" is a cloud-account, not a cluster/,
    );
    await assert.rejects(store.links.set({ clusterSource: 'nope', cloudSource: 'ram18', clusterRef: 'x' }), /no source named "nope"/);
  });

  test('who-can: RAM principals and the linked SA, default source = the only cloud account', async () => {
    await store.links.set({ clusterSource: 'ack', cloudSource: 'ram18', clusterRef: 'c86fdd***' });
    const body = await answerRam(store, new URLSearchParams('action=cs:DescribeClusters&resource=*'), 'who-can');
    const names = (body as { principals: { kind: string; name: string }[] }).principals.map((p) => `${p.kind}:${p.name}`);
    assert.deepEqual(names, [
      'CloudUser:auditor',
      'CloudUser:ops-admin',
      'CloudGroup:ops',
      'CloudRole:test-role',
      'ServiceAccount:test-serviceaccount',
    ]);
  });

  test('cluster links: ACK UID subject linked, orphaned binding named, RRSA SAs confirmed or not', async () => {
    await store.links.set({ clusterSource: 'ack', cloudSource: 'ram18', clusterRef: 'c86fdd***' });
    const links = await loadClusterLinks(store, 'ack');
    assert.ok(links);
    assert.deepEqual(
      links.ack.linked.map((l) => `${l.binding.name} -> ${l.identity.kind}/${l.identity.name}`),
      ['276543210000001-clusterrolebinding -> user/ops-admin'],
    );
    assert.deepEqual(
      links.ack.orphaned.map((o) => o.binding.name),
      ['276543210009999-clusterrolebinding'],
    );
    assert.deepEqual(
      links.workloads.map((w) => `${w.namespace}/${w.serviceAccount}: ${w.status}`),
      ['test-namespace/other: not-trusted', 'test-namespace/test-serviceaccount: confirmed'],
    );
    assert.equal(await loadClusterLinks(store, 'ram18'), null);
  });

  test('can-i: the answer and its path; unknown principal 404; a cluster source 409', async () => {
    const ok = await answerRam(
      store,
      new URLSearchParams('action=cs:DeleteCluster&resource=*&principal=user/ops-admin&source=ram18'),
      'can-i',
    );
    const answer = ok as { decision: string; paths: { kind: string; name: string }[][] };
    assert.equal(answer.decision, 'Allow');
    assert.deepEqual(
      answer.paths[0]?.map((s) => s.name),
      ['ops-admin', 'ops', 'admin-except-billing'],
    );
    await assert.rejects(answerRam(store, new URLSearchParams('action=cs:X&resource=*&principal=role/nobody'), 'can-i'), {
      name: 'QuestionError',
      code: 'not-found',
      param: 'principal',
      message: 'no role named "nobody" in cloud account 18***',
    });
    await assert.rejects(answerRam(store, new URLSearchParams('action=cs:X&resource=*&source=ack'), 'who-can'), {
      code: 'wrong-kind',
      param: 'source',
      message: 'source "ack" is a cluster: RAM/IAM questions need a cloud account source (a cloud account source: ram18)',
    });
  });
});
