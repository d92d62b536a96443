// Runs scripts/export-ram-account.sh (bash + jq) against the RAM stand-in through a fake `aliyun`
// CLI (bash + curl), and checks that importing its output gives the account the stand-in serves.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FAKE_ACCESS_KEY_ID, FakeRamApi, type FakeRamScript } from '../testing/fake-ram-api';
import { collectFromRamFiles } from './collect-from-ram-files';
import { CLUSTER, richAccount } from './testdata/rich-account';

const FIXTURE = 'fixtures/ram-account/example.json';
let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atlas-export-'));
  const stub = join(dir, 'aliyun');
  await writeFile(stub, `#!/bin/sh\nexec bash "${resolve('lib/collect/ram/testdata/fake-aliyun-cli.sh')}" "$@"\n`);
  await chmod(stub, 0o755);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function runExport(
  script: FakeRamScript,
  args: string[] = [],
  account?: Record<string, unknown>,
): Promise<{ code: number | null; stdout: string; stderr: string; api: FakeRamApi }> {
  const api = await FakeRamApi.start(account ?? JSON.parse(await readFile(FIXTURE, 'utf8')), script);
  try {
    const child = spawn('bash', ['scripts/export-ram-account.sh', ...args], {
      env: { ...process.env, PATH: `${dir}:${process.env.PATH ?? ''}`, FAKE_RAM_URL: api.url, FAKE_RAM_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    return { code, stdout, stderr, api };
  } finally {
    await api.close();
  }
}

void describe('scripts/export-ram-account.sh', () => {
  void test('writes the export layout: importing it gives the same objects as the account itself', { timeout: 120_000 }, async () => {
    const { code, stdout, stderr, api } = await runExport({ maxPageSize: 2 }, ['-p', 'prod']);
    assert.equal(code, 0, stderr);
    assert.equal(api.requestsFor('ListUsers').length, 2, 'pages with Marker');
    const out = join(dir, 'export.json');
    await writeFile(out, stdout);
    const exported = await collectFromRamFiles([out]);
    const original = await collectFromRamFiles([FIXTURE]);
    assert.ok(exported.ok && original.ok);
    const hashes = (objects: { kind: string; name: string; hash: string }[]) =>
      new Map(objects.map((o) => [`${o.kind}/${o.name}`, o.hash]));
    assert.deepEqual(hashes(exported.snapshot.objects), hashes(original.snapshot.objects));
    assert.deepEqual(exported.snapshot.warnings, original.snapshot.warnings);
  });

  void test(
    'exports the account-level inputs and the kubeconfigs of the clusters given with -c, as the live collector reads them',
    { timeout: 120_000 },
    async () => {
      const { code, stdout, stderr } = await runExport({ maxPageSize: 2 }, ['-c', CLUSTER], richAccount());
      assert.equal(code, 0, stderr);
      const out = join(dir, 'rich.json');
      await writeFile(out, stdout);
      const exported = await collectFromRamFiles([out]);
      const source = join(dir, 'rich-source.json');
      await writeFile(source, JSON.stringify(richAccount()));
      const original = await collectFromRamFiles([source]);
      assert.ok(exported.ok && original.ok, JSON.stringify([exported, original]).slice(0, 500));
      const hashes = (objects: { kind: string; name: string; hash: string }[]) =>
        new Map(objects.map((o) => [`${o.kind}/${o.name}`, o.hash]));
      assert.deepEqual(hashes(exported.snapshot.objects), hashes(original.snapshot.objects));
    },
  );

  void test('a denied optional input is left out with a note; the export still succeeds', { timeout: 120_000 }, async () => {
    const { code, stdout, stderr } = await runExport(
      { forbidden: ['ListPolicyAttachments', 'ListClusterKubeconfigStates'] },
      ['-c', CLUSTER],
      richAccount(),
    );
    assert.equal(code, 0, stderr);
    assert.match(stderr, /the resource-group policy attachments left out: ErrorCode: NoPermission/);
    assert.match(stderr, new RegExp(`the kubeconfig inventory of ACK cluster ${CLUSTER} left out: ErrorCode: NoPermission`));
    const exported = JSON.parse(stdout) as Record<string, unknown>;
    assert.equal(exported.PolicyAttachments, undefined);
    assert.deepEqual(exported.AckClusters, [
      { ClusterId: CLUSTER, Unread: `the kubeconfig inventory of ACK cluster ${CLUSTER} left out: ErrorCode: NoPermission` },
    ]);
    assert.ok(exported.AccountSecurityPracticeInfo);
  });

  void test('stops with the CLI’s error when a call is denied', { timeout: 60_000 }, async () => {
    const { code, stderr } = await runExport({ forbidden: ['ListRoles'] });
    assert.notEqual(code, 0);
    assert.match(stderr, /ErrorCode: NoPermission/);
  });
});
