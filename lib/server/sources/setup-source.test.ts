// Issue 9, items 1 to 3, through the functions the routes call (testConnectionAnswer,
// createSourceAnswer, snapshotNowAnswer) and the dashboard's scheduler: a kubeconfig that comes
// through the dashboard is data, never code; server paths are read only from
// ACCESS_ATLAS_KUBECONFIG_DIR; errors carry no command output, file content or token.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeKubeApi, FAKE_TOKEN } from '../../collect/testing/fake-kube-api';
import { buildFixtureCluster } from '../../collect/testing/fixture-cluster';
import { openStore, type Store } from '../../store';
import { answerOf } from '../http/__tests__/answer-of';

const dir = mkdtempSync(join(tmpdir(), 'atlas-setup-source-'));
// A private temporary folder, so a staged upload left behind is seen (os.tmpdir() reads TMPDIR on each call).
const privateTmp = join(dir, 'tmp');
mkdirSync(privateTmp);
process.env.TMPDIR = privateTmp;
process.env.ACCESS_ATLAS_DATA_DIR = join(dir, 'data');
process.env.ACCESS_ATLAS_TEST = '1';
delete process.env.ACCESS_ATLAS_SECRET_KEY;
delete process.env.ACCESS_ATLAS_KUBECONFIG_DIR;
delete process.env.ACCESS_ATLAS_ALLOWED_TARGETS;

const MARKER = join(dir, 'command-ran');
/** What the security probe's kubeconfig ran: leaves a marker, prints the user id on stderr. */
const EXEC_USER = {
  exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'sh', args: ['-c', `touch ${MARKER}; id >&2; exit 1`] },
};

function kubeconfig(server: string, user: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'u', user }],
    contexts: [{ name: 'prod', context: { cluster: 'c', user: 'u' } }],
    'current-context': 'prod',
    ...extra,
  });
}

function form(fields: Record<string, string>, files: { name: string; text: string }[] = []): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  for (const file of files) f.append('files', new File([file.text], file.name));
  return f;
}

/** Nothing ran: no marker, and nothing a command would print is in the answer. */
function assertNothingRan(body: unknown): void {
  assert.equal(existsSync(MARKER), false, 'the command was never run');
  assert.doesNotMatch(JSON.stringify(body), /uid=|gid=/);
}

describe('kubeconfigs through the dashboard', () => {
  let store: Store;
  let api: typeof import('./source-api');
  let fake: FakeKubeApi;
  before(async () => {
    store = await openStore({ databaseUrl: `file:${join(dir, 'atlas.db')}` });
    api = await import('./source-api');
    fake = await FakeKubeApi.start(buildFixtureCluster());
  });
  after(async () => {
    await fake.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    delete process.env.ACCESS_ATLAS_KUBECONFIG_DIR;
    delete process.env.ACCESS_ATLAS_ALLOWED_TARGETS;
  });

  test('(a) Test connection with an exec kubeconfig: refused by field, nothing runs', async () => {
    for (const text of [
      kubeconfig(fake.url, EXEC_USER),
      kubeconfig(
        fake.url,
        { token: 't' },
        {
          users: [
            { name: 'u', user: { token: 't' } },
            { name: 'unused', user: EXEC_USER },
          ],
        },
      ),
    ]) {
      const answer = await answerOf(api.testConnectionAnswer(form({ mode: 'kubeconfig-upload', kubeconfig: text })));
      assert.equal(answer.status, 400, JSON.stringify(answer.body));
      assert.equal(answer.body.error?.param, 'kubeconfig');
      assert.match(
        String(answer.body.error?.message),
        /^kubeconfig: users\[\d\]\.user\.exec runs a program; the dashboard accepts only inline tokens and certificate data \(use the CLI: access-atlas snapshot --kubeconfig PATH\)$/,
      );
      assertNothingRan(answer.body);
    }
  });

  test('(b) Add source with an exec kubeconfig is refused and stores nothing; one stored before the fix fails on its scheduled run', async () => {
    const created = await answerOf(
      api.createSourceAnswer(
        store,
        form({ name: 'exec-upload', mode: 'kubeconfig-upload', kubeconfig: kubeconfig(fake.url, EXEC_USER), snapshot: '1' }),
      ),
    );
    assert.equal(created.status, 400);
    assert.equal(await store.getSource('exec-upload'), null);
    assertNothingRan(created.body);

    // Stored as the dashboard stored it before the fix, then due on the dashboard's scheduler.
    const { saveSourceCredentials } = await import('../source-credentials');
    const { Scheduler } = await import('../scheduler/scheduler');
    const old = await store.ensureSource({ name: 'stored-before', kind: 'cluster', connection: { type: 'uploaded-kubeconfig' } });
    await saveSourceCredentials(store, old.id, { kind: 'kubeconfig', kubeconfig: kubeconfig(fake.url, EXEC_USER) });
    await store.schedules.set(old.id, { cron: '0 */6 * * *', enabled: true, nextRunAt: new Date(Date.now() - 60_000) });
    const quiet = { log: () => undefined, deliver: () => Promise.resolve({ delivered: 0, retried: 0, failed: 0 }) };
    const report = await new Scheduler(store, { ...quiet, runner: 'dashboard' }).tick();
    const run = report.ran.find((r) => r.source === 'stored-before');
    assert.equal(run?.outcome, 'failed');
    assert.match(run?.error ?? '', /^bad-config: source stored-before: kubeconfig: users\[0\]\.user\.exec runs a program/);
    const now = await api.snapshotNowAnswer(store, 'stored-before');
    assert.match((now.body.snapshot as { error: string }).error, /users\[0\]\.user\.exec runs a program/);
    const shown = await api.getSourceAnswer(store, 'stored-before', 10);
    assertNothingRan([report, now.body, shown.body]);
  });

  test('(c) a file that is both an RBAC List and a kubeconfig, uploaded as files, cannot be run through kubeconfig-path', async () => {
    const both = kubeconfig(fake.url, EXEC_USER, { kind: 'List', items: [] });
    const created = await answerOf(
      api.createSourceAnswer(store, form({ name: 'both', mode: 'files' }, [{ name: 'both.json', text: both }])),
    );
    const uploaded = join(dir, 'data', 'uploads', 'both', 'both.json');
    // Whether the files collector takes it or not, its server path must not become a way to run it.
    for (const kubeconfigDir of [undefined, join(dir, 'data', 'uploads'), join(dir, 'data')]) {
      if (kubeconfigDir === undefined) delete process.env.ACCESS_ATLAS_KUBECONFIG_DIR;
      else process.env.ACCESS_ATLAS_KUBECONFIG_DIR = kubeconfigDir;
      const tested = await answerOf(api.testConnectionAnswer(form({ mode: 'kubeconfig-path', path: uploaded })));
      assert.ok(tested.status >= 400, JSON.stringify(tested.body));
      const added = await answerOf(
        api.createSourceAnswer(store, form({ name: 'both-path', mode: 'kubeconfig-path', path: uploaded, snapshot: '1' })),
      );
      assert.ok(added.status >= 400, JSON.stringify(added.body));
      assertNothingRan([created.body, tested.body, added.body]);
    }
    assert.equal(await store.getSource('both-path'), null);
  });

  test('token-file is refused and the file never read; a non-Status answer is not reflected', async () => {
    const secretFile = join(dir, 'os-release');
    writeFileSync(secretFile, 'PRETTY_NAME="file content that must not leak"\n');
    const answer = await answerOf(
      api.testConnectionAnswer(form({ mode: 'kubeconfig-upload', kubeconfig: kubeconfig(fake.url, { 'token-file': secretFile }) })),
    );
    assert.equal(answer.status, 400);
    assert.match(String(answer.body.error?.message), /^kubeconfig: users\[0\]\.user\.token-file reads a file on the server/);
    assert.doesNotMatch(JSON.stringify(answer.body), /must not leak|PRETTY_NAME/);
  });

  test('an uploaded kubeconfig naming a loopback server is refused unless ACCESS_ATLAS_ALLOWED_TARGETS allows it', async () => {
    const text = kubeconfig(fake.url, { token: FAKE_TOKEN });
    const refused = await answerOf(api.testConnectionAnswer(form({ mode: 'kubeconfig-upload', kubeconfig: text })));
    assert.equal(refused.status, 422);
    assert.match(String(refused.body.error?.message), /loopback.*ACCESS_ATLAS_ALLOWED_TARGETS/);
    process.env.ACCESS_ATLAS_ALLOWED_TARGETS = '127.0.0.1';
    const allowed = await api.testConnectionAnswer(form({ mode: 'kubeconfig-upload', kubeconfig: text }));
    assert.equal(allowed.status, 200, JSON.stringify(allowed.body));
    const created = await api.createSourceAnswer(
      store,
      form({ name: 'uploaded-ok', mode: 'kubeconfig-upload', kubeconfig: text, snapshot: '1' }),
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal((created.body.snapshot as { status: string }).status, 'complete');
  });

  describe('mode kubeconfig-path reads only under ACCESS_ATLAS_KUBECONFIG_DIR', () => {
    test('unset: the mode is refused, naming the variable', async () => {
      for (const answer of [
        await answerOf(api.testConnectionAnswer(form({ mode: 'kubeconfig-path', path: '/etc/passwd' }))),
        await answerOf(api.createSourceAnswer(store, form({ name: 'path-off', mode: 'kubeconfig-path', path: '/etc/passwd' }))),
      ]) {
        assert.equal(answer.status, 400);
        assert.equal(answer.body.error?.param, 'path');
        assert.match(
          String(answer.body.error?.message),
          /^path: reading kubeconfigs from server paths is off; set ACCESS_ATLAS_KUBECONFIG_DIR/,
        );
      }
    });

    test('outside, missing, or a symlink escaping: one and the same answer', async () => {
      const kdir = join(dir, 'kubeconfigs');
      mkdirSync(kdir, { recursive: true });
      symlinkSync('/etc/passwd', join(kdir, 'escape'));
      symlinkSync('/etc', join(kdir, 'etc-link'));
      process.env.ACCESS_ATLAS_KUBECONFIG_DIR = kdir;
      const paths = [
        '/etc/passwd',
        '/no/such/file',
        join(kdir, 'missing'),
        join(kdir, 'escape'),
        join(kdir, 'etc-link', 'passwd'),
        join(kdir, '..', 'atlas.db'),
        'escape',
        kdir,
      ];
      const errors = new Set<string>();
      for (const path of paths) {
        const tested = await answerOf(api.testConnectionAnswer(form({ mode: 'kubeconfig-path', path })));
        assert.equal(tested.status, 400, `${path}: ${JSON.stringify(tested.body)}`);
        errors.add(String(tested.body.error?.message));
        const added = await answerOf(api.createSourceAnswer(store, form({ name: 'path-probe', mode: 'kubeconfig-path', path })));
        errors.add(String(added.body.error?.message));
      }
      assert.deepEqual(
        [...errors],
        [
          `path: no readable kubeconfig file at that path inside ACCESS_ATLAS_KUBECONFIG_DIR (${kdir}); the dashboard reads kubeconfigs only from there`,
        ],
      );
    });

    test('inside: tested and added as data, held to the outbound-address rule', async () => {
      const kdir = mkdtempSync(join(dir, 'kdir-'));
      const path = await fake.writeKubeconfig(kdir);
      process.env.ACCESS_ATLAS_KUBECONFIG_DIR = kdir;
      process.env.ACCESS_ATLAS_ALLOWED_TARGETS = '127.0.0.1';
      const tested = await api.testConnectionAnswer(form({ mode: 'kubeconfig-path', path }));
      assert.equal(tested.status, 200, JSON.stringify(tested.body));
      const added = await api.createSourceAnswer(store, form({ name: 'from-dir', mode: 'kubeconfig-path', path, snapshot: '1' }));
      assert.equal(added.status, 201, JSON.stringify(added.body));
      assert.equal((added.body.snapshot as { status: string }).status, 'complete');
      assert.deepEqual((await store.getSource('from-dir'))?.connection, { type: 'kubeconfig', path, asData: true });
      writeFileSync(join(kdir, 'exec'), kubeconfig(fake.url, EXEC_USER));
      const exec = await answerOf(api.testConnectionAnswer(form({ mode: 'kubeconfig-path', path: join(kdir, 'exec') })));
      assert.equal(exec.body.error?.param, 'path');
      assert.match(String(exec.body.error?.message), /^kubeconfig: users\[0\]\.user\.exec runs a program/);
      assertNothingRan(exec.body);
    });
  });

  test('a staged upload is removed even when the collector throws', async () => {
    const depth = 200_000;
    const deep = `{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"x","annotations":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}}`;
    for (const call of [
      () => api.testConnectionAnswer(form({ mode: 'files' }, [{ name: 'deep.json', text: deep }])),
      () => api.createSourceAnswer(store, form({ name: 'deep', mode: 'files' }, [{ name: 'deep.json', text: deep }])),
    ]) {
      await call().catch(() => undefined);
      assert.deepEqual(
        readdirSync(privateTmp).filter((name) => name.startsWith('atlas-upload-')),
        [],
      );
    }
    assert.equal(await store.getSource('deep'), null);
  });
});
