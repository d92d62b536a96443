// The CLI as a script would run it: real fixtures, a real SQLite file. Most questions run in this
// process through main(argv, io) (cli/testing/run-cli.ts), since a spawn costs 0.4-1.5 CPU-seconds;
// the real bin is spawned where the process is the point (the launcher, signals, a kill mid-way), and
// 'the real CLI end to end' checks that the in-process answers are the spawned ones.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { FakeKubeApi } from '../lib/collect/testing/fake-kube-api';
import { buildFixtureCluster } from '../lib/collect/testing/fixture-cluster';
import { runCli, type CliRun } from './testing/run-cli';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'access-atlas.mjs');
const BOOTSTRAP_DIR = join(ROOT, 'fixtures', 'k8s-bootstrap');
// A default cluster: the plain files (the featuregates and extra-versions files are alternatives, not additions).
const BOOTSTRAP_FILES = [
  'cluster-roles',
  'cluster-role-bindings',
  'controller-roles',
  'controller-role-bindings',
  'namespace-roles',
  'namespace-role-bindings',
].map((name) => join(BOOTSTRAP_DIR, `${name}.yaml`));
const BOOTSTRAP = BOOTSTRAP_FILES[0] as string; // then ...MORE: the extra paths after --from
const MORE = BOOTSTRAP_FILES.slice(1);

let dataDir = '';

interface RunOptions {
  cwd?: string;
  /** `node [nodeFlags] bin/access-atlas.mjs`, as a script may start it: without the shebang's --conditions. */
  plainNode?: boolean;
  nodeFlags?: string[];
}

/** The real bin in a child process. */
function spawnCli(args: string[], input?: string, opts: RunOptions = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, ACCESS_ATLAS_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  const spawnOpts = { cwd: opts.cwd ?? ROOT, env, input: input ?? '', encoding: 'utf8', timeout: 60_000 } as const;
  if (opts.plainNode || opts.nodeFlags) delete env.NODE_OPTIONS;
  const result = opts.plainNode
    ? spawnSync(process.execPath, [...(opts.nodeFlags ?? []), BIN, ...args], spawnOpts)
    : opts.nodeFlags
      ? spawnSync(process.execPath, ['--conditions=react-server', ...opts.nodeFlags, BIN, ...args], spawnOpts)
      : spawnSync(BIN, args, spawnOpts);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The CLI in this process, with the same data directory, working directory and stdin as spawnCli. */
function ask(args: string[], input?: string, opts: { cwd?: string; dataDir?: string; stop?: Promise<string> } = {}): Promise<CliRun> {
  return runCli(args, {
    input: input ?? '',
    env: { ACCESS_ATLAS_DATA_DIR: opts.dataDir ?? dataDir, DATABASE_URL: undefined },
    cwd: opts.cwd ?? ROOT,
    ...(opts.stop ? { stop: opts.stop } : {}),
  });
}

function json<T>(text: string): T {
  return JSON.parse(text) as T;
}

interface MatchJson {
  binding: { kind: string; name: string; namespace?: string };
  role: { kind: string; name: string };
  ruleIndex: number;
}

before(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'atlas-cli-'));
});
after(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the real CLI end to end', () => {
  test("in-process answers are the spawned bin's: can-i and who-can -o json, exit status, stdout and stderr", async () => {
    const questions = [
      ['can-i', 'get', '/healthz', '--as', 'system:anonymous', '--from', BOOTSTRAP, ...MORE],
      ['who-can', 'get', '/healthz', '--from', BOOTSTRAP, ...MORE, '-o', 'json'],
    ];
    for (const args of questions) {
      const spawned = spawnCli(args);
      assert.equal(spawned.code, 0, spawned.stderr);
      assert.ok(spawned.stdout.length > 0 && spawned.stderr.includes('note: '), 'a real answer, with its notes');
      assert.deepEqual(await ask(args), { code: spawned.code, stdout: spawned.stdout, stderr: spawned.stderr }, args.join(' '));
    }
  });

  test('a spawned snapshot --from is stored in SQLite and answers an in-process can-i --source, and the other way round', async () => {
    const spawned = spawnCli(['snapshot', '--from', BOOTSTRAP, ...MORE, '--source', 'spawned', '-o', 'json']);
    assert.equal(spawned.code, 0, spawned.stderr);
    assert.equal(json<{ status: string }>(spawned.stdout).status, 'complete');
    assert.deepEqual(
      sourceRows('spawned').map((row) => row.name),
      ['spawned'],
    );
    const asked = await ask(['can-i', 'get', '/healthz', '--as', 'system:anonymous', '--source', 'spawned']);
    assert.equal(asked.code, 0, asked.stderr);
    assert.equal(asked.stdout, 'yes\n');

    const stored = await ask(['snapshot', '--from', BOOTSTRAP, ...MORE, '--source', 'in-process', '-o', 'json']);
    assert.equal(stored.code, 0, stored.stderr);
    const denied = spawnCli(['can-i', 'get', '/metrics', '--as', 'system:anonymous', '--source', 'in-process']);
    assert.equal(denied.code, 1, denied.stderr);
    assert.equal(denied.stdout, 'no\n');
  });
});

describe('can-i --from (no database)', () => {
  test('a non-resource URL granted to system:unauthenticated: yes, exit 0, with its path', async () => {
    const r = await ask(['can-i', 'get', '/healthz', '--as', 'system:anonymous', '--from', BOOTSTRAP, ...MORE, '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const answer = json<{ allowed: boolean; matchedBy: MatchJson[] }>(r.stdout);
    assert.deepEqual(Object.keys(answer), ['allowed', 'matchedBy']);
    assert.equal(answer.allowed, true);
    assert.deepEqual(answer.matchedBy, [
      {
        binding: { kind: 'ClusterRoleBinding', name: 'system:public-info-viewer' },
        role: { kind: 'ClusterRole', name: 'system:public-info-viewer' },
        ruleIndex: 0,
      },
    ]);
  });

  test('an ungranted URL: no, exit 1', async () => {
    const r = await ask(['can-i', 'get', '/metrics', '--as', 'system:anonymous', '--from', BOOTSTRAP, ...MORE]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, 'no\n');
  });

  test('--as adds system:authenticated like kubectl impersonation; --as "" keeps groups as given', async () => {
    const ssar = ['create', 'selfsubjectaccessreviews.authorization.k8s.io'];
    assert.equal((await ask(['can-i', ...ssar, '--as', 'alice', '--from', BOOTSTRAP, ...MORE])).stdout, 'yes\n');
    assert.equal((await ask(['can-i', ...ssar, '--as', '', '--from', BOOTSTRAP, ...MORE])).code, 1);
    const onlyGroup = await ask(['can-i', ...ssar, '--as', '', '--as-group', 'system:authenticated', '--from', BOOTSTRAP, ...MORE]);
    assert.equal(onlyGroup.code, 0);
  });

  test('"*" is just a name in a request; system:masters holds cluster-admin', async () => {
    const r = await ask(['can-i', '*', '*', '--as', 'root', '--as-group', 'system:masters', '--from', BOOTSTRAP, ...MORE, '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const answer = json<{ matchedBy: MatchJson[] }>(r.stdout);
    assert.ok(answer.matchedBy.some((m) => m.binding.name === 'cluster-admin' && m.role.name === 'cluster-admin'));
    assert.equal((await ask(['can-i', '*', '*', '--as', 'root', '--from', BOOTSTRAP, ...MORE])).code, 1);
  });

  test('the paths of several files are all read', async () => {
    const roles = join(BOOTSTRAP_DIR, 'cluster-roles.yaml');
    const bindings = join(BOOTSTRAP_DIR, 'cluster-role-bindings.yaml');
    const r = await ask(['can-i', 'get', '/version', '--as', 'bob', '--from', roles, bindings]);
    assert.equal(r.code, 0, r.stderr);
  });

  test("a relative --from is read from the command's working directory", async () => {
    const names = BOOTSTRAP_FILES.map((file) => file.slice(BOOTSTRAP_DIR.length + 1));
    const relative = await ask(['who-can', 'get', '/healthz', '--from', ...names, '-o', 'json'], undefined, { cwd: BOOTSTRAP_DIR });
    assert.equal(relative.code, 0, relative.stderr);
    assert.equal(relative.stdout, (await ask(['who-can', 'get', '/healthz', '--from', ...BOOTSTRAP_FILES, '-o', 'json'])).stdout);
    const missing = await ask(['can-i', 'get', 'pods', '--as', 'a', '--from', 'cluster-roles.yaml']);
    assert.equal(missing.code, 2, 'not in the repository root');
    assert.match(missing.stderr, /cannot read (\S*\/)?cluster-roles\.yaml: no such file or directory/);
  });

  test('stdin as --from -', async () => {
    const doc = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: b, namespace: ns1}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
subjects: [{kind: User, name: alice}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: ns1}
rules: [{apiGroups: [""], resources: [pods], verbs: [get], resourceNames: [web]}]
`;
    assert.equal((await ask(['can-i', 'get', 'pods/web', '-n', 'ns1', '--as', 'alice', '--from', '-'], doc)).code, 0);
    assert.equal((await ask(['can-i', 'get', 'pods', '-n', 'ns1', '--as', 'alice', '--from', '-'], doc)).code, 1);
    assert.equal((await ask(['can-i', 'get', 'pods/web', '-n', 'ns2', '--as', 'alice', '--from', '-'], doc)).code, 1);
    assert.equal((await ask(['can-i', 'get', 'pods/web', '--as', 'alice', '--from', '-'], doc)).code, 1);
  });
});

describe('bad input: exit 2 with a message that names it', () => {
  const cases: [string, string[], RegExp][] = [
    ['no --as', ['can-i', 'get', 'pods', '--from', BOOTSTRAP, ...MORE], /--as/],
    ['empty name after /', ['can-i', 'get', 'pods/', '--as', 'a', '--from', BOOTSTRAP, ...MORE], /pods\//],
    ['missing file', ['can-i', 'get', 'pods', '--as', 'a', '--from', '/nonexistent/x.yaml'], /\/nonexistent\/x\.yaml/],
    ['no SOURCE', ['can-i', 'get', 'pods', '--as', 'a'], /SOURCE/],
    ['-n with -A', ['who-can', 'get', 'pods', '-n', 'x', '-A', '--from', BOOTSTRAP, ...MORE], /-A/],
    ['unknown flag', ['who-can', 'get', 'pods', '--bogus', '--from', BOOTSTRAP, ...MORE], /--bogus/],
    ['namespace on a URL', ['can-i', 'get', '/healthz', '-n', 'x', '--as', 'a', '--from', BOOTSTRAP, ...MORE], /non-resource/],
    ['bad subject', ['rules', 'sa:nope', '--from', BOOTSTRAP, ...MORE], /sa:nope/],
    ['unknown command', ['frobnicate'], /frobnicate/],
  ];
  for (const [name, args, message] of cases) {
    test(name, async () => {
      const r = await ask(args);
      assert.equal(r.code, 2, `${r.stdout}${r.stderr}`);
      assert.match(r.stderr, message);
    });
  }

  test('malformed YAML names the file and the line', async () => {
    const bad = join(dataDir, 'bad.yaml');
    writeFileSync(bad, 'kind: Role\nmetadata: {name: x\n  namespace: [\n');
    const r = await ask(['can-i', 'get', 'pods', '--as', 'a', '--from', bad]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad\.yaml/);
    assert.match(r.stderr, /line|:\d+/);
  });
});

describe('who-can and rules', () => {
  test('who-can a non-resource URL lists groups with their paths', async () => {
    const r = await ask(['who-can', 'get', '/healthz', '--from', BOOTSTRAP, ...MORE, '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const answer = json<{ subjects: { kind: string; name: string; matchedBy: MatchJson[] }[] }>(r.stdout);
    const names = answer.subjects.map((s) => `${s.kind}/${s.name}`);
    assert.ok(names.includes('Group/system:unauthenticated'));
    assert.ok(names.includes('Group/system:authenticated'));
    assert.ok(names.includes('Group/system:masters'));
    for (const s of answer.subjects) assert.ok(s.matchedBy.length > 0);
  });

  test('who-can escalate clusterroles is answered (kubectl-who-can cannot)', async () => {
    const r = await ask(['who-can', 'escalate', 'clusterroles.rbac.authorization.k8s.io', '--from', BOOTSTRAP, ...MORE, '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const answer = json<{ subjects: { kind: string; name: string }[] }>(r.stdout);
    assert.ok(answer.subjects.some((s) => s.name === 'system:masters'));
  });

  test('who-can prints a table by default', async () => {
    const r = await ask(['who-can', 'get', '/version', '--from', BOOTSTRAP, ...MORE]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^KIND\s+NAMESPACE\s+NAME\s+BINDING\s+ROLE\s+RULE/);
    assert.match(r.stdout, /ClusterRoleBinding system:public-info-viewer/);
  });

  test('rules of a user include what system:authenticated grants, with the path', async () => {
    const r = await ask(['rules', 'user:system:kube-proxy', '--from', BOOTSTRAP, ...MORE, '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const answer = json<{ rules: { namespace: string; matchedBy: MatchJson; via: { kind: string; name: string } }[] }>(r.stdout);
    assert.ok(answer.rules.some((x) => x.matchedBy.role.name === 'system:node-proxier' && x.via.name === 'system:kube-proxy'));
    assert.ok(answer.rules.some((x) => x.via.name === 'system:authenticated'));
  });
});

describe('can-i --batch', () => {
  test('one answer per line, in order; groups taken literally; a bad line is named', async () => {
    const lines = [
      { user: 'system:anonymous', groups: ['system:unauthenticated'], verb: 'get', path: '/healthz' },
      { user: 'alice', groups: [], verb: 'create', apiGroup: 'authorization.k8s.io', resource: 'selfsubjectaccessreviews' },
      {
        user: 'alice',
        groups: ['system:authenticated'],
        verb: 'create',
        apiGroup: 'authorization.k8s.io',
        resource: 'selfsubjectaccessreviews',
      },
    ]
      .map((l) => JSON.stringify(l))
      .concat(['{"user": "x"}'])
      .join('\n');
    const r = await ask(['can-i', '--batch', '-', '--from', BOOTSTRAP, ...MORE], lines + '\n');
    assert.equal(r.code, 2);
    const answers = r.stdout
      .trim()
      .split('\n')
      .map((l) => json<{ allowed: boolean; error?: string }>(l));
    assert.deepEqual(
      answers.map((a) => a.allowed),
      [true, false, true, false],
    );
    assert.match(answers[3]?.error ?? '', /stdin line 4/);
  });
});

describe('snapshot and --source', () => {
  test('a snapshot is stored, re-snapshotting keeps the digest, a failed one leaves the last good', async () => {
    const first = await ask(['snapshot', '--from', BOOTSTRAP, ...MORE, '--source', 'boot', '-o', 'json']);
    assert.equal(first.code, 0, first.stderr);
    const s1 = json<{ id: number; status: string; digest: string; counts: Record<string, number> }>(first.stdout);
    assert.equal(s1.status, 'complete');
    assert.ok((s1.counts.ClusterRole ?? 0) > 50);
    const second = json<{ id: number; digest: string }>(
      (await ask(['snapshot', '--from', BOOTSTRAP, ...MORE, '--source', 'boot', '-o', 'json'])).stdout,
    );
    assert.equal(second.digest, s1.digest);
    assert.notEqual(second.id, s1.id);

    const bad = join(dataDir, 'broken.json');
    writeFileSync(bad, '{"kind": "List", "items": [');
    const failed = await ask(['snapshot', '--from', bad, '--source', 'boot']);
    assert.equal(failed.code, 1);
    assert.match(failed.stdout + failed.stderr, /broken\.json/);

    const asked = await ask(['can-i', 'get', '/healthz', '--as', 'system:anonymous', '--source', 'boot', '-o', 'json']);
    assert.equal(asked.code, 0, asked.stderr);
    const pinned = await ask(['can-i', 'get', '/healthz', '--as', 'system:anonymous', '--source', 'boot', '--snapshot', String(s1.id)]);
    assert.equal(pinned.code, 0, pinned.stderr);
  });

  test('an unknown source or snapshot is an error, not a "no"', async () => {
    assert.equal((await ask(['can-i', 'get', 'pods', '--as', 'a', '--source', 'nope'])).code, 2);
    assert.equal((await ask(['can-i', 'get', 'pods', '--as', 'a', '--source', 'boot', '--snapshot', '99999'])).code, 2);
    assert.equal((await ask(['can-i', 'get', 'pods', '--as', 'a', '--source', 'boot', '--snapshot', 'abc'])).code, 2);
  });
});

/** Rows of the CLI's SQLite database, read directly (not through the CLI under test). */
function sourceRows(name: string): { name: string; connection: string }[] {
  const file = join(dataDir, 'access-atlas.db');
  if (!existsSync(file)) return [];
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT "name", "connection" FROM "source" WHERE "name" = ?').all(name) as { name: string; connection: string }[];
  } finally {
    db.close();
  }
}

describe('the launcher (issue 9, point 10)', () => {
  const yes = ['can-i', 'get', '/healthz', '--as', 'system:anonymous', '--from', BOOTSTRAP, ...MORE];
  const no = ['can-i', 'get', '/metrics', '--as', 'system:anonymous', '--from', BOOTSTRAP, ...MORE];

  test('plain `node bin/access-atlas.mjs` (no --conditions) answers can-i like the shebang does', () => {
    const allowed = spawnCli([...yes, '-o', 'json'], undefined, { plainNode: true });
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.equal(json<{ allowed: boolean }>(allowed.stdout).allowed, true);
    const denied = spawnCli(no, undefined, { plainNode: true });
    assert.equal(denied.code, 1, denied.stderr);
    assert.equal(denied.stdout, 'no\n');
    const bad = spawnCli(['can-i', 'get', 'pods', '--from', BOOTSTRAP], undefined, { plainNode: true });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--as/);
  });

  test('stdin reaches the CLI through the re-run', () => {
    const doc =
      'kind: ClusterRoleBinding\napiVersion: rbac.authorization.k8s.io/v1\nmetadata: {name: b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r}\nsubjects: [{kind: User, name: alice}]\n---\nkind: ClusterRole\napiVersion: rbac.authorization.k8s.io/v1\nmetadata: {name: r}\nrules: [{nonResourceURLs: [/x], verbs: [get]}]\n';
    assert.equal(spawnCli(['can-i', 'get', '/x', '--as', 'alice', '--from', '-'], doc, { plainNode: true }).code, 0);
  });

  // A throw nobody catches, after a "no" answer: Node's default exit status for it is 1, which a
  // script would read as "denied".
  const throwLate = `--import=data:text/javascript,process.once('beforeExit',()=>{throw new Error('launcher test crash')})`;
  for (const plainNode of [false, true]) {
    test(`an uncaught error exits 2, never 1 (${plainNode ? 'plain node' : 'with --conditions'})`, () => {
      const r = spawnCli(no, undefined, { plainNode, nodeFlags: [throwLate] });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /error: launcher test crash/);
    });
  }

  test('`scheduler` keeps running until SIGTERM, forwarded through the re-run, then exits 0', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, ACCESS_ATLAS_DATA_DIR: dataDir, ACCESS_ATLAS_DEMO: '0' };
    delete env.DATABASE_URL;
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, [BIN, 'scheduler', '--interval', '3600'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (!stderr.includes('started') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    assert.match(stderr, /started/);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(child.exitCode, null, `the scheduler ended by itself: ${stderr}`);
    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
    assert.match(stderr, /SIGTERM/);
  });
});

describe("scheduler in-process (the process's own signals are the launcher test's)", () => {
  test('--once runs what is due and exits; without it, it runs until stopped, then stops its loop', async () => {
    // A data directory of its own: the scheduler would snapshot the other tests' sources.
    const own = mkdtempSync(join(dataDir, 'scheduler-'));
    const once = await ask(['scheduler', '--once'], undefined, { dataDir: own });
    assert.equal(once.code, 0, once.stderr);
    assert.equal(once.stdout, 'no source was due\n');
    const stop = new Promise<string>((resolve) => setTimeout(() => resolve('SIGTERM'), 300));
    const looped = await ask(['scheduler', '--interval', '3600'], undefined, { dataDir: own, stop });
    assert.equal(looped.code, 0, looped.stderr);
    assert.match(looped.stderr, /started; stop with Ctrl-C\n[^]*scheduler: SIGTERM, finishing the current pass\n$/);
    const unstoppable = await ask(['scheduler'], undefined, { dataDir: own });
    assert.equal(unstoppable.code, 2);
    assert.match(unstoppable.stderr, /no signal to stop on \(give --once\)/);
  });
});

describe('source names at every CLI entry (issue 9, defect 6)', () => {
  const refusal =
    /"\.\.\/\.\.\/victim": a source name is 1-63 lowercase letters, digits or "-", starting and ending with a letter or digit/;
  const commands: [string, string[]][] = [
    ['snapshot --source', ['snapshot', '--from', BOOTSTRAP, '--source', '../../victim']],
    [
      'snapshot --kind ram --source',
      ['snapshot', '--from', join(ROOT, 'fixtures', 'ram-account'), '--kind', 'ram', '--source', '../../victim'],
    ],
    ['can-i --source', ['can-i', 'get', 'pods', '--as', 'a', '--source', '../../victim']],
    ['who-can --source', ['who-can', 'get', 'pods', '--source', '../../victim']],
    ['rules --source', ['rules', 'user:a', '--source', '../../victim']],
    ['diff --source', ['diff', '--source', '../../victim', 'latest~1', 'latest']],
    ['ram who-can --source', ['ram', 'who-can', 'ecs:*', '*', '--source', '../../victim']],
    ['link --cluster', ['link', '--cluster', '../../victim', '--cloud', 'ram', '--cluster-ref', 'c1']],
    ['link --cloud', ['link', '--cluster', 'boot', '--cloud', '../../victim', '--cluster-ref', 'c1']],
  ];
  for (const [name, args] of commands) {
    test(`${name} ../../victim: exit 2, the name and the rule in the error`, async () => {
      const r = await ask(args);
      assert.equal(r.code, 2, `${r.stdout}${r.stderr}`);
      assert.match(r.stderr, refusal);
    });
  }

  test('snapshot refuses uppercase, dots and empty names, and stores nothing for them', async () => {
    for (const bad of ['Prod', 'my.cluster', '']) {
      const r = await ask(['snapshot', '--from', BOOTSTRAP, '--source', bad]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`--source ${JSON.stringify(bad).replace(/\./g, '\\.')}: a source name`));
      assert.deepEqual(sourceRows(bad), []);
    }
    assert.deepEqual(sourceRows('../../victim'), []);
  });
});

describe('snapshot inputs (issue 9, point 10)', () => {
  test('a relative --from is stored absolute, so a run from another working directory reads the same files', async () => {
    const r = await ask(
      ['snapshot', '--from', 'cluster-roles.yaml', 'cluster-role-bindings.yaml', '--source', 'relative', '-o', 'json'],
      undefined,
      { cwd: BOOTSTRAP_DIR },
    );
    assert.equal(r.code, 0, r.stderr);
    const [row] = sourceRows('relative');
    assert.deepEqual(JSON.parse(row?.connection ?? '{}'), {
      type: 'files',
      paths: [join(BOOTSTRAP_DIR, 'cluster-roles.yaml'), join(BOOTSTRAP_DIR, 'cluster-role-bindings.yaml')],
    });

    // What the dashboard's scheduler does, from its own working directory (this process's, the repo root).
    const { openStore } = await import('../lib/store');
    const { runSnapshot } = await import('../lib/server/run-snapshot');
    const store = await openStore({ databaseUrl: `file:${join(dataDir, 'access-atlas.db')}` });
    try {
      const source = await store.getSource('relative');
      assert.ok(source);
      const summary = await runSnapshot(store, source, { trigger: 'scheduled', announce: false });
      assert.equal(summary.status, 'complete', summary.error ?? '');
    } finally {
      await store.close();
    }
  });

  test('a relative export for --kind ram is stored absolute as a runnable ram-files connection', async () => {
    const r = await ask(
      ['snapshot', '--from', 'ram-account/example.json', '--kind', 'ram', '--source', 'relative-ram', '-o', 'json'],
      undefined,
      { cwd: join(ROOT, 'fixtures') },
    );
    assert.equal(r.code, 0, r.stderr);
    const [row] = sourceRows('relative-ram');
    assert.deepEqual(JSON.parse(row?.connection ?? '{}'), {
      type: 'ram-files',
      paths: [join(ROOT, 'fixtures', 'ram-account', 'example.json')],
    });
  });

  const missing: [string, string[]][] = [
    ['cluster files', []],
    ['--kind ram', ['--kind', 'ram']],
    ['--kind aws', ['--kind', 'aws']],
  ];
  for (const [what, extra] of missing) {
    test(`--from /nonexistent (${what}): exit 2 (bad input), and no source is created`, async () => {
      const r = await ask(['snapshot', '--from', '/nonexistent/dump.json', ...extra, '--source', 'ghost']);
      assert.equal(r.code, 2, `${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /\/nonexistent\/dump\.json: no such file or directory/);
      assert.deepEqual(sourceRows('ghost'), []);
    });
  }

  test('--kubeconfig that does not exist, or a directory without manifests: exit 2, no source', async () => {
    const k = await ask(['snapshot', '--kubeconfig', '/nonexistent/config', '--source', 'ghost']);
    assert.equal(k.code, 2, k.stderr);
    assert.match(k.stderr, /--kubeconfig \/nonexistent\/config: no such file or directory/);
    const empty = mkdtempSync(join(dataDir, 'empty-'));
    const d = await ask(['snapshot', '--from', empty, '--source', 'ghost']);
    assert.equal(d.code, 2, d.stderr);
    assert.match(d.stderr, /no \.yaml, \.yml or \.json file/);
    assert.deepEqual(sourceRows('ghost'), []);
  });
});

describe('a CLI snapshot killed mid-way (issue 9, point 10)', () => {
  test('shows as failed to a store that was open all along (the dashboard), not "running"', async () => {
    const { openStore } = await import('../lib/store');
    // Opened before the CLI starts, as the dashboard's store is: opening is not what fails it.
    const store = await openStore({ databaseUrl: `file:${join(dataDir, 'access-atlas.db')}` });
    // Every request waits a minute: the collection is surely still running when the CLI is killed.
    const api = await FakeKubeApi.start(buildFixtureCluster(), { delayMs: 60_000 });
    try {
      const kubeconfig = await api.writeKubeconfig(dataDir);
      const env: NodeJS.ProcessEnv = { ...process.env, ACCESS_ATLAS_DATA_DIR: dataDir };
      delete env.DATABASE_URL;
      const child = spawn(BIN, ['snapshot', '--kubeconfig', kubeconfig, '--source', 'killed'], { cwd: ROOT, env, stdio: 'ignore' });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      let running: { id: number; sourceId: number; seq: number | null } | undefined;
      for (let i = 0; i < 300 && running === undefined; i++) {
        const source = await store.getSource('killed');
        running = source ? (await store.listSnapshots(source.id)).find((s) => s.status === 'running') : undefined;
        if (running === undefined) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(running, 'the CLI never started its snapshot');
      assert.equal(running.seq, null, 'a running snapshot has no number yet');
      assert.equal((await store.getSnapshot(running.id))?.status, 'running', 'a live run is left alone');
      child.kill('SIGKILL');
      assert.equal(await exited, 'SIGKILL');
      const [after] = await store.listSnapshots(running.sourceId);
      assert.equal(after?.id, running.id);
      assert.equal(after?.status, 'failed');
      assert.match(after?.error ?? '', /^interrupted: the process taking this snapshot ended before it finished/);
    } finally {
      await api.close();
      await store.close();
    }
  });
});

describe('snapshot numbers (issue 9, point 10)', () => {
  test('a failed snapshot prints seq null (it used to print 0); successful ones are numbered 1, 2', async () => {
    const first = await ask(['snapshot', '--from', BOOTSTRAP, ...MORE, '--source', 'numbered', '-o', 'json']);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(json<{ seq: number | null }>(first.stdout).seq, 1);
    const bad = join(dataDir, 'broken-seq.json');
    writeFileSync(bad, '{"kind": "List", "items": [');
    const failed = await ask(['snapshot', '--from', bad, '--source', 'numbered', '-o', 'json']);
    assert.equal(failed.code, 1);
    const summary = json<{ status: string; seq: number | null }>(failed.stdout);
    assert.equal(summary.status, 'failed');
    assert.equal(summary.seq, null);
    const second = await ask(['snapshot', '--from', BOOTSTRAP, ...MORE, '--source', 'numbered', '-o', 'json']);
    assert.equal(json<{ seq: number | null }>(second.stdout).seq, 2);
  });
});
