// `access-atlas ram ...`, `snapshot --kind` and `link`: real policy documents (fixtures/real-world-ram
// and the exports built from them), a real SQLite file. Asked in-process through main(argv, io)
// (cli/testing/run-cli.ts); one test checks that the real bin gives the same answer.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli, type CliRun } from '../testing/run-cli';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'access-atlas.mjs');
const POLICIES = join(ROOT, 'fixtures', 'real-world-ram');
const EXAMPLE = join(ROOT, 'fixtures', 'ram-account', 'example.json');
const LINKS = join(ROOT, 'fixtures', 'ram-links');
const CLUSTER = 'acs:cs:*:*:cluster/c1';

let dataDir = '';

/** The real bin in a child process. */
function spawnCli(args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, ACCESS_ATLAS_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  const result = spawnSync(BIN, args, { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The CLI in this process (cli/testing/run-cli.ts), with spawnCli's data directory, working directory and empty stdin. */
function ask(args: string[]): Promise<CliRun> {
  return runCli(args, { input: '', env: { ACCESS_ATLAS_DATA_DIR: dataDir, DATABASE_URL: undefined }, cwd: ROOT });
}

function json<T>(text: string): T {
  return JSON.parse(text) as T;
}

interface Step {
  kind: string;
  name?: string;
  namespace?: string;
  cluster?: string;
  type?: string;
  via?: string;
  role?: string;
}
interface WhoCanJson {
  principals: {
    kind: string;
    name: string;
    namespace?: string;
    decision: string;
    paths: Step[][];
    conditions: { policy: string; condition?: unknown }[];
  }[];
}

before(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'atlas-ram-cli-'));
});
after(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the real bin', () => {
  test('ram who-can --from an export: the spawned answer is the in-process one (exit status, stdout, stderr)', async () => {
    const args = ['ram', 'who-can', 'ecs:StartInstance', '*', '--from', EXAMPLE, '-o', 'json'];
    const spawned = spawnCli(args);
    assert.equal(spawned.code, 0, spawned.stderr);
    assert.ok(json<WhoCanJson>(spawned.stdout).principals.length > 0);
    assert.deepEqual(await ask(args), { code: spawned.code, stdout: spawned.stdout, stderr: spawned.stderr });
  });
});

describe('ram eval', () => {
  const policy = (name: string) => join(POLICIES, `${name}.json`);

  test('Allow with the statement that grants, exit 0', async () => {
    const r = await ask([
      'ram',
      'eval',
      '--policy',
      policy('ecs-require-mfa'),
      'ecs:StartInstance',
      '*',
      '--context',
      'acs:MFAPresent=true',
      '-o',
      'json',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const answer = json<{ decision: string; statements: unknown[] }>(r.stdout);
    assert.equal(answer.decision, 'Allow');
    assert.deepEqual(answer, {
      decision: 'Allow',
      statements: [{ policy: policy('ecs-require-mfa'), index: 0, effect: 'Allow', conditions: 'met' }],
    });
  });

  test('no --context is an empty request: the MFA condition is not met, and stdout is the decision alone', async () => {
    const r = await ask(['ram', 'eval', '--policy', policy('ecs-require-mfa'), 'ecs:StartInstance', '*']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, 'ImplicitDeny\n');
    assert.match(r.stderr, /not-met/);
  });

  test('a Deny in a second policy wins: ExplicitDeny, exit 1', async () => {
    const r = await ask([
      'ram',
      'eval',
      '--policy',
      policy('admin-except-billing'),
      '--policy',
      policy('deny-ecs-all'),
      'ecs:DeleteInstance',
      'acs:ecs:*:*:instance/i-1',
      '-o',
      'json',
    ]);
    assert.equal(r.code, 1, r.stderr);
    const answer = json<{ decision: string; statements: { policy: string; effect: string }[] }>(r.stdout);
    assert.equal(answer.decision, 'ExplicitDeny');
    assert.deepEqual(
      answer.statements.map((s) => [s.policy.endsWith('deny-ecs-all.json'), s.effect]),
      [
        [false, 'Allow'],
        [true, 'Deny'],
      ],
    );
  });

  test('a context without the key: the condition fails, ImplicitDeny; a negated operator with the key absent holds', async () => {
    const r = await ask([
      'ram',
      'eval',
      '--policy',
      policy('ecs-require-mfa'),
      'ecs:StartInstance',
      '*',
      '--context',
      'acs:SourceIp=192.0.2.1',
    ]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^ImplicitDeny\n/);
    // Deny log:PostLogStoreLogs when StringNotLike acs:SourceVpc vpc-*: a request from no VPC is denied.
    const sls = [
      'ram',
      'eval',
      '--policy',
      policy('sls-project-policy-deny-non-vpc'),
      'log:PostLogStoreLogs',
      'acs:log:*:*:project/tf-log/logstore/a',
      '-o',
      'json',
    ];
    const noVpc = json<{ decision: string; statements: { conditions: string }[] }>(
      (await ask([...sls, '--context', 'acs:SourceIp=192.0.2.1'])).stdout,
    );
    assert.deepEqual([noVpc.decision, noVpc.statements[0]?.conditions], ['ExplicitDeny', 'met']);
    const inVpc = json<{ decision: string; statements: { conditions: string }[] }>(
      (await ask([...sls, '--context', 'acs:SourceVpc=vpc-123'])).stdout,
    );
    assert.deepEqual([inVpc.decision, inVpc.statements[0]?.conditions], ['ImplicitDeny', 'not-met']);
  });

  test('a trust policy with --principal: the RRSA provider of the named cluster and SA', async () => {
    const trust = policy('rrsa-trust-ack-ram-tool-readme');
    const base = [
      'ram',
      'eval',
      '--policy',
      trust,
      'sts:AssumeRole',
      'acs:ram::18***:role/r',
      '--principal',
      'acs:ram::18***:oidc-provider/ack-rrsa-c86fdd***',
      '--context',
      'oidc:aud=sts.aliyuncs.com',
      '--context',
      'oidc:iss=https://oidc-ack-**/c86fdd***',
    ];
    assert.equal((await ask([...base, '--context', 'oidc:sub=system:serviceaccount:test-namespace:test-serviceaccount'])).code, 0);
    assert.equal((await ask([...base, '--context', 'oidc:sub=system:serviceaccount:test-namespace:other'])).code, 1);
  });

  test('bad input: exit 2 naming it', async () => {
    const missing = await ask(['ram', 'eval', '--policy', join(POLICIES, 'nope.json'), 'ecs:X', '*']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--policy .*nope\.json/);
    const context = await ask(['ram', 'eval', '--policy', policy('deny-ecs-all'), 'ecs:X', '*', '--context', 'novalue']);
    assert.equal(context.code, 2);
    assert.match(context.stderr, /context "novalue": expected KEY=VALUE/);
  });
});

describe('ram can-i and who-can --from an export', () => {
  test('can-i: Allow through a group, with the path', async () => {
    const r = await ask(['ram', 'can-i', 'cs:DeleteCluster', CLUSTER, '--principal', 'user/alice', '--from', EXAMPLE, '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const answer = json<{
      decision: string;
      paths: Step[][];
      statements: { policy: string; index: number; effect: string; conditions: string }[];
    }>(r.stdout);
    assert.equal(answer.decision, 'Allow');
    assert.deepEqual(answer.paths, [
      [
        { kind: 'CloudUser', name: 'alice' },
        { kind: 'CloudGroup', name: 'platform-admins' },
        { kind: 'CloudPolicy', type: 'Custom', name: 'admin-except-billing', version: 'v1' },
      ],
    ]);
    assert.deepEqual(
      answer.statements.map((s) => [s.policy, s.index, s.effect, s.conditions]),
      [['admin-except-billing', 0, 'Allow', 'met']],
    );
  });

  test('can-i: the billing carve-out denies (exit 1); an unknown principal is bad input (exit 2); a dangling attachment is named', async () => {
    const deny = await ask(['ram', 'can-i', 'bss:DescribeOrders', '*', '--principal', 'user/ci-deployer', '--from', EXAMPLE]);
    assert.equal(deny.code, 1);
    assert.match(deny.stdout, /^ExplicitDeny\n/);
    assert.match(deny.stderr, /attached policy System\/AliyunOSSFullAccess is not in the snapshot/);
    const nobody = await ask(['ram', 'can-i', 'ecs:X', '*', '--principal', 'user/nobody', '--from', EXAMPLE]);
    assert.equal(nobody.code, 2);
    assert.match(nobody.stderr, /no user named "nobody"/);
  });

  test('who-can: conditional grants carry their conditions; --context settles them', async () => {
    const open = json<WhoCanJson>((await ask(['ram', 'who-can', 'ecs:StartInstance', '*', '--from', EXAMPLE, '-o', 'json'])).stdout);
    const bob = open.principals.find((p) => p.name === 'bob');
    assert.equal(bob?.decision, 'conditional');
    assert.deepEqual(
      bob?.conditions.map((c) => c.policy),
      ['ecs-require-mfa', 'ecs-tag-team-dev'],
    );
    const withMfa = json<WhoCanJson>(
      (await ask(['ram', 'who-can', 'ecs:StartInstance', '*', '--from', EXAMPLE, '--context', 'acs:MFAPresent=true', '-o', 'json'])).stdout,
    );
    assert.equal(withMfa.principals.find((p) => p.name === 'bob')?.decision, 'Allow');
  });
});

describe('stored sources, link, cross-layer who-can', () => {
  test('snapshot --kind ram, link, then who-can lists the service account RRSA lets assume the granting role', async () => {
    const cluster = await ask(['snapshot', '--from', join(LINKS, 'cluster.yaml'), '--source', 'ack', '-o', 'json']);
    assert.equal(cluster.code, 0, cluster.stderr);
    const cloud = await ask(['snapshot', '--from', join(LINKS, 'account.json'), '--kind', 'ram', '--source', 'ram18', '-o', 'json']);
    assert.equal(cloud.code, 0, cloud.stderr);
    assert.deepEqual(json<{ status: string; counts: Record<string, number> }>(cloud.stdout).counts, {
      CloudAccount: 1,
      CloudUser: 2,
      CloudGroup: 1,
      CloudRole: 1,
      CloudPolicy: 2,
    });
    assert.equal((await ask(['link', '--cluster', 'ack', '--cloud', 'ram18', '--cluster-ref', 'c86fdd***'])).code, 0);

    const r = await ask(['ram', 'who-can', 'cs:DescribeClusters', '*', '--source', 'ram18', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const answer = json<WhoCanJson>(r.stdout);
    assert.deepEqual(
      answer.principals.map((p) => `${p.kind}:${p.namespace ? `${p.namespace}/` : ''}${p.name}`),
      [
        'CloudUser:auditor',
        'CloudUser:ops-admin',
        'CloudGroup:ops',
        'CloudRole:test-role',
        'ServiceAccount:test-namespace/test-serviceaccount',
      ],
    );
    assert.deepEqual(answer.principals.at(-1)?.paths, [
      [
        { kind: 'ServiceAccount', cluster: 'ack', namespace: 'test-namespace', name: 'test-serviceaccount' },
        { kind: 'AssumeRole', via: 'rrsa', role: 'test-role' },
        { kind: 'CloudRole', name: 'test-role' },
        { kind: 'CloudPolicy', type: 'Custom', name: 'cs-describe', version: 'v2' },
      ],
    ]);
    assert.match(r.stderr, /RRSA issuer is not known/);
  });

  test('link and RAM questions refuse the wrong kind of source, by name', async () => {
    const wrong = await ask(['link', '--cluster', 'ram18', '--cloud', 'ack', '--cluster-ref', 'x']);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /source "ram18" is a cloud-account, not a cluster/);
    const asked = await ask(['ram', 'who-can', 'cs:X', '*', '--source', 'ack']);
    assert.equal(asked.code, 2);
    assert.match(
      asked.stderr,
      /^error: source "ack" is a cluster: RAM\/IAM questions need a cloud account source \(a cloud account source: ram18\)$/m,
    );
    assert.equal(asked.stdout, '');
    // And the other way: an RBAC question to a cloud account is refused, never answered "nobody" or "no".
    for (const argv of [
      ['who-can', 'get', 'secrets', '-A', '--source', 'ram18'],
      ['can-i', 'get', 'secrets', '--as', 'alice', '--source', 'ram18'],
      ['rules', 'user:alice', '--source', 'ram18'],
    ]) {
      const rbac = await ask(argv);
      assert.equal(rbac.code, 2, argv.join(' '));
      assert.match(
        rbac.stderr,
        /^error: source "ram18" is a cloud account: RBAC questions need a cluster source \(a cluster source: ack\)$/m,
      );
      assert.equal(rbac.stdout, '', argv.join(' '));
    }
    const into = await ask(['snapshot', '--from', join(LINKS, 'account.json'), '--kind', 'ram', '--source', 'ack']);
    assert.equal(into.code, 2);
    assert.match(into.stderr, /source "ack" is a cluster, not a cloud-account/);
  });
});
