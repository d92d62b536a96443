// `access-atlas snapshot --kubeconfig` end to end: the real Kubernetes client against the fake API
// server (lib/collect/testing), into a real SQLite file. The CLI runs in this process through
// main(argv, io); the launcher itself is spawned in cli/cli.test.ts.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FakeKubeApi, type FakeKubeScript } from '../lib/collect/testing/fake-kube-api';
import { buildFixtureCluster } from '../lib/collect/testing/fixture-cluster';
import { runCli, type CliRun } from './testing/run-cli';

const ROOT = resolve(import.meta.dirname, '..');
let dataDir = '';

/** The CLI in this process (cli/testing/run-cli.ts): its Kubernetes client talks to this process's fake API. */
function run(args: string[]): Promise<CliRun> {
  return runCli(args, { input: '', env: { ACCESS_ATLAS_DATA_DIR: dataDir, DATABASE_URL: undefined }, cwd: ROOT });
}

async function snapshotFrom(script: FakeKubeScript, source: string) {
  const api = await FakeKubeApi.start(buildFixtureCluster(), script);
  try {
    const kubeconfig = await api.writeKubeconfig(dataDir);
    return await run(['snapshot', '--kubeconfig', kubeconfig, '--source', source, '-o', 'json']);
  } finally {
    await api.close();
  }
}

before(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'atlas-cli-live-'));
});
after(() => rmSync(dataDir, { recursive: true, force: true }));

interface SummaryJson {
  id: number;
  status: string;
  missingKinds: { kind: string; reason: string }[];
  counts: Record<string, number>;
}

describe('snapshot --kubeconfig', () => {
  let completeId = 0;

  test('a reachable cluster gives a complete snapshot with every kind counted', async () => {
    const r = await snapshotFrom({}, 'live');
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout) as SummaryJson;
    assert.equal(summary.status, 'complete');
    assert.ok((summary.counts.ClusterRole ?? 0) > 0 && (summary.counts.Pod ?? 0) > 0);
    completeId = summary.id;
  });

  test('expired credentials (401) fail the snapshot, exit 1, and the complete one still answers', async () => {
    const r = await snapshotFrom({ rejectAll: true }, 'live');
    assert.equal(r.code, 1);
    assert.equal((JSON.parse(r.stdout) as SummaryJson).status, 'failed');
    assert.match(r.stderr, /last good snapshot is unchanged/);
    const asked = await run(['who-can', 'get', '/healthz', '--source', 'live', '-o', 'json']);
    assert.equal(asked.code, 0, asked.stderr);
  });

  test('a 403 on Roles is a partial snapshot naming Role; RBAC questions on it are errors, not "no"', async () => {
    const r = await snapshotFrom({ forbidden: ['/apis/rbac.authorization.k8s.io/v1/roles'] }, 'live');
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout) as SummaryJson;
    assert.equal(summary.status, 'partial');
    assert.deepEqual(
      summary.missingKinds.map((m) => m.kind),
      ['Role'],
    );
    assert.equal(summary.counts.Role, undefined);

    const asked = await run(['can-i', 'get', 'pods', '-n', 'default', '--as', 'alice', '--source', 'live']);
    assert.equal(asked.code, 2);
    assert.match(asked.stderr, /partial and lacks Role/);
    const pinned = await run([
      'can-i',
      'get',
      '/healthz',
      '--as',
      'system:anonymous',
      '--source',
      'live',
      '--snapshot',
      String(completeId),
    ]);
    assert.equal(pinned.code, 0, pinned.stderr);
  });
});
