// The diff read model with findings, on the demo cluster in a fresh SQLite store: GET /api/diff as
// Next calls it answers the read model the CLI prints (cli/commands/diff.test.ts): the diff's keys,
// then findings gained and resolved, highest severity first; and a partial snapshot's missing kind
// is named, never turned into findings resolved.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NextRequest } from 'next/server';
import { authorizationAs } from './http/__tests__/test-caller';
import { severityRank } from '../core/findings/types';
import { recordSnapshot } from '../store';
import { collected } from '../store/__tests__/objects';
import type { DiffAnswer } from './drift';

const dir = mkdtempSync(join(tmpdir(), 'atlas-drift-'));
process.env.ACCESS_ATLAS_DATA_DIR = join(dir, 'data');
process.env.ACCESS_ATLAS_TEST = '1';
delete process.env.DATABASE_URL;
delete process.env.ACCESS_ATLAS_ALLOWED_HOSTS;

const NOW = new Date('2026-11-25T12:00:00Z');

async function request(path: string): Promise<NextRequest> {
  return new NextRequest(`http://127.0.0.1:3000${path}`, { headers: { host: '127.0.0.1:3000', ...(await authorizationAs('viewer')) } });
}

before(async () => {
  const { getStore } = await import('./store-instance');
  const { seedDemo } = await import('./demo/demo-seed');
  await seedDemo(await getStore(), NOW);
});
after(async () => {
  const { closeStore } = await import('./store-instance');
  await closeStore();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/diff with findings', () => {
  test("answers the diff's keys, then findings gained and resolved, worst first", async () => {
    const { GET } = await import('../../app/api/diff/route');
    const response = await GET(await request('/api/diff?source=demo-cluster&from=latest~1&to=latest'), { params: Promise.resolve({}) });
    assert.equal(response.status, 200);
    const answer = (await response.json()) as DiffAnswer;
    assert.deepEqual(Object.keys(answer), ['objects', 'permissions', 'notices', 'findings']);
    const [worst] = answer.findings.gained;
    assert.deepEqual(
      [worst?.severity, worst?.rule, worst?.subject, worst?.scope, worst?.source],
      [
        'critical',
        'k8s.cluster-admin-equivalent',
        { kind: 'ServiceAccount', name: 'legacy-backup-operator', namespace: 'ops-tools' },
        'cluster',
        'demo-cluster',
      ],
    );
    for (const list of [answer.findings.gained, answer.findings.resolved]) {
      const ranks = list.map((f) => severityRank(f.severity));
      assert.deepEqual(
        ranks,
        [...ranks].sort((a, b) => b - a),
        'highest severity first',
      );
    }
    assert.ok(answer.findings.resolved.some((f) => f.rule === 'k8s.secrets-read' && f.subject?.name === 'system:authenticated'));

    const { getStore } = await import('./store-instance');
    const { diffSource } = await import('./drift');
    const drift = await diffSource(await getStore(), 'demo-cluster', 'latest~1', 'latest');
    assert.deepEqual(answer, JSON.parse(JSON.stringify({ ...drift.diff, findings: drift.findings })), 'the read model, as is');
  });

  test('a refusal names its parameter, as before', async () => {
    const { GET } = await import('../../app/api/diff/route');
    const response = await GET(await request('/api/diff?source=demo-cluster&from=latest~9&to=latest'), { params: Promise.resolve({}) });
    assert.equal(response.status, 404);
    assert.equal(((await response.json()) as { error: { param: string } }).error.param, 'from');
  });
});

describe('findings drift of a partial snapshot', () => {
  test('a kind one side could not read is named, and its rules findings are neither gained nor resolved', async () => {
    const { getStore } = await import('./store-instance');
    const { diffSource } = await import('./drift');
    const { buildDemoCluster } = await import('./demo/demo-cluster');
    const store = await getStore();
    const week4 = buildDemoCluster(4);
    await recordSnapshot(store, 'pods-forbidden', 'cluster', { ok: true, snapshot: collected(week4) }, 'complete');
    const partial = collected(
      week4.filter((o) => o.kind !== 'Pod'),
      { missingKinds: [{ kind: 'Pod', reason: 'pods is forbidden' }] },
    );
    const second = await recordSnapshot(store, 'pods-forbidden', 'cluster', { ok: true, snapshot: partial }, 'partial');
    assert.equal(second.status, 'partial');
    const drift = await diffSource(store, 'pods-forbidden', 'latest~1', 'latest', NOW);
    assert.deepEqual(drift.findings.gained, []);
    assert.deepEqual(drift.findings.resolved, [], 'automount findings are not resolved because Pods could not be read');
    assert.deepEqual(drift.findings.notEvaluated, [
      { rule: 'k8s.automount-token', reason: `snapshot ${second.id}: the snapshot lacks Pod` },
    ]);
  });
});
