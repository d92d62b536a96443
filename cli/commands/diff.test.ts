// `access-atlas diff` gains findings (issue 12 item 4), in this process (cli/testing/run-cli.ts): two
// dumps (files, stdin) and two stored snapshots with a suppression in a real SQLite file. The diff's
// keys stay as they were; `findings` lists what was gained and resolved, matched by id, worst first,
// and names the rules a side could not evaluate instead of reporting their findings as gained.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DiffResult } from '../../lib/core/diff';
import { seedDemo } from '../../lib/server/demo/demo-seed';
import { diffSource, type DiffAnswer } from '../../lib/server/drift';
import { openStore } from '../../lib/store';
import { runCli, type CliRun } from '../testing/run-cli';

const ROOT = resolve(import.meta.dirname, '..', '..');
const RBAC = 'apiVersion: rbac.authorization.k8s.io/v1';

const COMMON = `apiVersion: v1
kind: Namespace
metadata: {name: ci}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: deployer, namespace: ci}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: reporter, namespace: ci}
---
${RBAC}
kind: ClusterRole
metadata: {name: secrets-reader}
rules:
  - {apiGroups: [""], resources: [secrets], verbs: [get, list, watch]}
---
${RBAC}
kind: Role
metadata: {name: debugger, namespace: ci}
rules:
  - {apiGroups: [""], resources: [pods/exec], verbs: [create]}
`;
// Week 1: the reporter may exec into CI's pods.
const BEFORE = `${COMMON}---
${RBAC}
kind: RoleBinding
metadata: {name: reporter-debugs, namespace: ci}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: debugger}
subjects: [{kind: ServiceAccount, name: reporter, namespace: ci}]
`;
// Week 2: that binding is gone, and the deployer reads every Secret in the cluster.
const AFTER = `${COMMON}---
${RBAC}
kind: ClusterRoleBinding
metadata: {name: deployer-reads-secrets}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: secrets-reader}
subjects: [{kind: ServiceAccount, name: deployer, namespace: ci}]
`;

let dir = '';
let beforePath = '';
let afterPath = '';

function diff(args: string[], input = ''): Promise<CliRun> {
  return runCli(['diff', ...args], { input, env: { ACCESS_ATLAS_DATA_DIR: join(dir, 'data'), DATABASE_URL: undefined }, cwd: dir });
}

async function json(args: string[], input = ''): Promise<DiffAnswer> {
  const run = await diff([...args, '-o', 'json'], input);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as DiffAnswer;
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-diff-cli-'));
  beforePath = join(dir, 'before.yaml');
  afterPath = join(dir, 'after.yaml');
  writeFileSync(beforePath, BEFORE);
  writeFileSync(afterPath, AFTER);
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('diff --from --to (files)', () => {
  test('-o json keeps the diff keys and adds findings gained and resolved, matched by id', async () => {
    const answer = await json(['--from', beforePath, '--to', afterPath]);
    assert.deepEqual(Object.keys(answer), ['objects', 'permissions', 'notices', 'findings']);
    const diffKeys: (keyof DiffResult)[] = ['objects', 'permissions', 'notices'];
    assert.ok(diffKeys.every((k) => answer[k] !== undefined));
    assert.ok(answer.permissions.gained.some((g) => g.grant.text.includes('secrets')));
    const row = (f: DiffAnswer['findings']['gained'][number]) => [f.severity, f.rule, f.subject?.name, f.scope, f.source];
    assert.deepEqual(answer.findings.gained.map(row), [['high', 'k8s.secrets-read', 'deployer', 'cluster', afterPath]]);
    assert.deepEqual(answer.findings.resolved.map(row), [['high', 'k8s.pod-exec', 'reporter', 'ci', beforePath]]);
    assert.equal(answer.findings.gained[0]?.suppressed, false);
    assert.ok((answer.findings.gained[0]?.evidence.length ?? 0) > 0, 'a finding carries its evidence, as in the findings JSON');
    // Neither dump holds a Pod: the Pod rule is named on both sides, never compared.
    const automount = answer.findings.notEvaluated.find((n) => n.rule === 'k8s.automount-token');
    assert.equal(automount?.reason, `${beforePath}: the snapshot lacks Pod; ${afterPath}: the snapshot lacks Pod`);
  });

  test('reversed, the gained finding is resolved; the same dump twice gains and resolves nothing', async () => {
    const reversed = await json(['--from', afterPath, '--to', beforePath]);
    assert.deepEqual(
      reversed.findings.resolved.map((f) => f.rule),
      ['k8s.secrets-read'],
    );
    assert.deepEqual(
      reversed.findings.gained.map((f) => f.rule),
      ['k8s.pod-exec'],
    );
    const same = await json(['--from', afterPath, '--to', afterPath]);
    assert.deepEqual([same.findings.gained, same.findings.resolved], [[], []]);
  });

  test('a dump on stdin is read once and evaluated like a file', async () => {
    const fromStdin = await json(['--from', '-', '--to', afterPath], BEFORE);
    const fromFile = await json(['--from', beforePath, '--to', afterPath]);
    assert.deepEqual(
      fromStdin.findings.gained.map((f) => f.id),
      fromFile.findings.gained.map((f) => f.id),
    );
    assert.deepEqual(
      fromStdin.findings.resolved.map((f) => f.id),
      fromFile.findings.resolved.map((f) => f.id),
    );
  });

  test('the text output ends with a short findings section', async () => {
    const run = await diff(['--from', beforePath, '--to', afterPath]);
    assert.equal(run.code, 0, run.stderr);
    const section = run.stdout.slice(run.stdout.indexOf('Findings:'));
    assert.match(section, /^Findings: 1 gained, 1 resolved, highest severity first\n/);
    assert.match(section, /\n {2}\+ high k8s\.secrets-read ServiceAccount ci\/deployer cluster-wide\n/);
    assert.match(section, /\n {2}- high k8s\.pod-exec ServiceAccount ci\/reporter in namespace ci\n/);
    assert.match(section, /\n {2}not compared: k8s\.automount-token: /);
  });
});

describe('diff --source (stored snapshots)', () => {
  before(async () => {
    for (const path of [beforePath, afterPath]) {
      const run = await runCli(['snapshot', '--from', path, '--source', 'ci'], {
        env: { ACCESS_ATLAS_DATA_DIR: join(dir, 'data'), DATABASE_URL: undefined },
        cwd: dir,
      });
      assert.equal(run.code, 0, run.stderr);
    }
  });

  test("the source's suppressions in force now mark a gained finding; it stays listed", async () => {
    const store = await openStore({ databaseUrl: `file:${join(dir, 'data', 'access-atlas.db')}` });
    try {
      await store.suppressions.create('ci', {
        rule: 'k8s.secrets-read',
        subjectPattern: 'ServiceAccount/ci/deployer',
        objectPattern: null,
        scope: null,
        justification: 'the deployer syncs sealed secrets',
        owner: 'platform',
        expiresAt: new Date(Date.now() + 30 * 86_400_000),
        createdBy: 'test',
      });
    } finally {
      await store.close();
    }
    const answer = await json(['--source', 'ci', 'latest~1', 'latest']);
    assert.deepEqual(Object.keys(answer), ['objects', 'permissions', 'notices', 'findings']);
    const [gained] = answer.findings.gained;
    assert.deepEqual(
      [gained?.rule, gained?.source, gained?.suppressed, gained?.suppressedBy?.owner],
      ['k8s.secrets-read', 'ci', true, 'platform'],
    );
    assert.deepEqual(
      answer.findings.resolved.map((f) => [f.rule, f.suppressed]),
      [['k8s.pod-exec', false]],
    );
    const text = await diff(['--source', 'ci', 'latest~1', 'latest']);
    assert.match(
      text.stdout,
      /\+ high k8s\.secrets-read ServiceAccount ci\/deployer cluster-wide \(suppressed #\d+ until \d{4}-\d{2}-\d{2} \(platform\)\)/,
    );
  });

  test('a cloud account diff compares its cloud findings: an unchanged account gains and resolves none', async () => {
    const ram = join(ROOT, 'fixtures', 'ram-account', 'example.json');
    for (let i = 0; i < 2; i++) {
      const run = await runCli(['snapshot', '--from', ram, '--kind', 'ram', '--source', 'cloud'], {
        env: { ACCESS_ATLAS_DATA_DIR: join(dir, 'data'), DATABASE_URL: undefined },
        cwd: dir,
      });
      assert.equal(run.code, 0, run.stderr);
    }
    const answer = await json(['--source', 'cloud', 'latest~1', 'latest']);
    assert.deepEqual(answer.findings.gained, []);
    assert.deepEqual(answer.findings.resolved, []);
    // The rules the account cannot answer are named, never compared as "nothing changed".
    assert.ok(answer.findings.notEvaluated.some((n) => n.rule === 'ram.root-accesskey'));
    assert.ok(answer.findings.notEvaluated.every((n) => n.rule.startsWith('ram.') || n.rule.startsWith('ack.')));
  });
});

describe('diff --source on the demo cluster', () => {
  test('prints the read model GET /api/diff answers (lib/server/drift.test.ts), findings included', async () => {
    const url = `file:${join(dir, 'demo', 'access-atlas.db')}`;
    const store = await openStore({ databaseUrl: url });
    let expected: unknown;
    try {
      await seedDemo(store, new Date('2026-11-25T12:00:00Z'));
      const drift = await diffSource(store, 'demo-cluster', 'latest~1', 'latest');
      expected = JSON.parse(JSON.stringify({ ...drift.diff, findings: drift.findings }));
    } finally {
      await store.close();
    }
    const run = await runCli(['diff', '--source', 'demo-cluster', 'latest~1', 'latest', '-o', 'json'], {
      env: { ACCESS_ATLAS_DATA_DIR: join(dir, 'demo'), DATABASE_URL: undefined },
      cwd: dir,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), expected);
    const text = await runCli(['diff', '--source', 'demo-cluster', 'latest~1', 'latest'], {
      env: { ACCESS_ATLAS_DATA_DIR: join(dir, 'demo'), DATABASE_URL: undefined },
      cwd: dir,
    });
    assert.match(
      text.stdout,
      /\nFindings: 11 gained, 5 resolved, highest severity first\n {2}\+ critical k8s\.cluster-admin-equivalent ServiceAccount ops-tools\/legacy-backup-operator cluster-wide\n/,
    );
  });
});
