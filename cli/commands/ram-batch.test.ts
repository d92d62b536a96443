// `ram eval --batch` and `ram can-i --batch`: every answer line is the single request's `-o json` answer.
// Hundreds of requests are compared in-process against the single commands (runRamEval/runRamCanI, the
// same functions the CLI runs, given the test's streams); a few real spawns check the CLI end to end,
// one of them a 10,000-line batch. Requests are drawn from real policies (fixtures/real-world-ram) and the
// example account (fixtures/ram-account/example.json) with a seeded generator, so every run asks the same.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError } from '../args';
import type { CliIo } from '../io';
import { bufferedIo } from '../testing/run-cli';
import { runRamCanI } from './ram-can-i';
import { runRamEval } from './ram-eval';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'access-atlas.mjs');
const POLICIES = join(ROOT, 'fixtures', 'real-world-ram');
const EXAMPLE = join(ROOT, 'fixtures', 'ram-account', 'example.json');
const policy = (name: string) => join(POLICIES, `${name}.json`);

type Context = Record<string, string | string[]>;
interface EvalRequest {
  policies: (string | Record<string, unknown>)[];
  action: string;
  resource: string;
  context: Context;
  principal?: string;
  aws?: boolean;
}
interface CanIRequest {
  principal: string;
  action: string;
  resource: string;
  context: Context;
  resourceGroup?: string;
}
type Command = (argv: string[], io: CliIo) => Promise<number>;
interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-ram-batch-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs a command in this process with its own streams; a UsageError is exit 2, as cli/main.ts makes it.
 * Any other error fails the test (main would print it as exit 2, which would pass for bad input here).
 */
async function inProcess(command: Command, argv: string[], stdin = ''): Promise<Run> {
  const { io, output } = bufferedIo({ input: stdin });
  let code: number;
  try {
    code = await command(argv, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`error: ${error.message}\n`);
    code = 2;
  }
  return { code, ...output() };
}

function spawn(args: string[], input = ''): Run {
  const result = spawnSync(BIN, args, { cwd: ROOT, input, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const lines = (text: string) => text.split('\n').slice(0, -1);
const writeLines = (name: string, values: unknown[]) => {
  const path = join(dir, name);
  writeFileSync(path, values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n') + '\n');
  return path;
};

/** The flags that ask one request (each value of a multi-valued key is one --context). */
function contextFlags(context: Context): string[] {
  return Object.entries(context).flatMap(([key, value]) =>
    (typeof value === 'string' ? [value] : value).flatMap((v) => ['--context', `${key}=${v}`]),
  );
}
function evalArgv(r: EvalRequest): string[] {
  const policies = r.policies.flatMap((p) => ['--policy', p as string]);
  return [
    ...policies,
    r.action,
    r.resource,
    ...contextFlags(r.context),
    ...(r.principal ? ['--principal', r.principal] : []),
    ...(r.aws ? ['--aws'] : []),
    '-o',
    'json',
  ];
}
function canIArgv(r: CanIRequest): string[] {
  return [
    r.action,
    r.resource,
    '--principal',
    r.principal,
    ...contextFlags(r.context),
    ...(r.resourceGroup ? ['--resource-group', r.resourceGroup] : []),
    '--from',
    EXAMPLE,
    '-o',
    'json',
  ];
}

/** mulberry32: a small seeded generator, so the requests are the same on every run. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pickFrom =
  (random: () => number) =>
  <T>(list: readonly T[]): T =>
    list[Math.floor(random() * list.length)] as T;

const CONTEXTS: Context[] = [
  {},
  { 'acs:MFAPresent': 'true' },
  { 'acs:MFAPresent': [] },
  { 'acs:SourceIp': ['192.0.2.1', '10.0.0.1'], 'acs:SecureTransport': 'true' },
  { 'ecs:tag/team': 'dev', 'rds:ResourceTag/team': ['dev'], 'oss:Prefix': 'a/', 'oss:Delimiter': '/' },
  { 'acs:SourceVpc': 'vpc-123', 'acs:SourceIp': '192.168.0.9' },
  {
    'oidc:aud': 'sts.aliyuncs.com',
    'oidc:iss': 'https://oidc-ack-**/c86fdd***',
    'oidc:sub': 'system:serviceaccount:test-namespace:test-serviceaccount',
  },
];

function evalRequests(count: number): EvalRequest[] {
  const pick = pickFrom(seeded(11));
  const sets = [
    ['ecs-require-mfa'],
    ['ecs-tag-team-dev'],
    ['admin-except-billing', 'deny-ecs-all'],
    ['readonly-except-billing'],
    ['ecs-source-ip', 'ecs-require-https'],
    ['actiontrail-readonly-sourceip'],
    ['oss-prefix-listing', 'deny-oss-listobjects-duplicate-action'],
    ['sls-project-policy-deny-non-vpc'],
    ['ecs-specific-instances', 'ecs-instance-disk-snapshot'],
    ['rds-tag-team-dev', 'kms-secret-and-key-scoped'],
  ];
  const actions = [
    'ecs:StartInstance',
    'ecs:DescribeInstances',
    'ecs:DeleteInstance',
    'bss:DescribeOrders',
    'oss:ListObjects',
    'oss:GetObject',
    'rds:DescribeDBInstances',
    'log:PostLogStoreLogs',
    'actiontrail:LookupEvents',
    'kms:Decrypt',
  ];
  const resources = [
    '*',
    'acs:ecs:*:*:instance/i-1',
    'acs:oss:*:*:mybucket/a/b',
    'acs:log:*:*:project/tf-log/logstore/a',
    'acs:ecs:cn-qingdao:*:instance/*',
  ];
  const trusts = [
    'rrsa-trust-ack-ram-tool-readme',
    'trust-ram-account-root',
    'trust-service-ecs',
    'trust-ram-user',
    'kube2ram-trust-root',
    'trust-cross-account-source',
  ];
  const callers = [
    'acs:ram::18***:oidc-provider/ack-rrsa-c86fdd***',
    'ecs.aliyuncs.com',
    'acs:ram::1234567890123456:root',
    'acs:ram::1234567890123456:user/alice',
    '*',
  ];
  const out: EvalRequest[] = [];
  for (let i = 0; i < count; i++) {
    // One in five is a trust policy asked for a caller; one in six uses the AWS grammar (a few documents do not parse as AWS).
    const trust = i % 5 === 4;
    out.push({
      policies: (trust ? [pick(trusts)] : pick(sets)).map(policy),
      action: trust ? 'sts:AssumeRole' : pick(actions),
      resource: trust ? 'acs:ram::18***:role/r' : pick(resources),
      context: pick(CONTEXTS),
      ...(trust || i % 7 === 3 ? { principal: pick(callers) } : {}),
      ...(i % 6 === 5 ? { aws: true } : {}),
    });
  }
  return out;
}

function canIRequests(count: number): CanIRequest[] {
  const pick = pickFrom(seeded(29));
  const principals = ['user/alice', 'user/bob', 'user/ci-deployer', 'role/external-dns', 'role/terway-eni', 'role/cluster-autoscaler'];
  const actions = [
    'cs:DeleteCluster',
    'bss:DescribeOrders',
    'ecs:StartInstance',
    'ecs:DescribeInstances',
    'ram:GetUser',
    'ram:ListUsers',
    'alidns:AddDomainRecord',
    'ecs:CreateNetworkInterface',
    'ess:ScaleWithAdjustment',
    'oss:GetObject',
    'sts:AssumeRole',
  ];
  const resources = ['*', 'acs:cs:*:*:cluster/c1', 'acs:ecs:*:*:instance/i-1', 'acs:ram::5123456789012345:role/external-dns'];
  const out: CanIRequest[] = [];
  for (let i = 0; i < count; i++) {
    out.push({
      principal: pick(principals),
      action: pick(actions),
      resource: pick(resources),
      context: pick(CONTEXTS),
      ...(i % 9 === 8 ? { resourceGroup: 'rg-acfm2' } : {}),
    });
  }
  return out;
}

/** Each batch answer is the single request's: its -o json line, or (when the single request is bad input) an error naming the line. */
function assertSameAnswers(batchOut: string, singles: Run[], file: string): void {
  const answers = lines(batchOut);
  assert.equal(answers.length, singles.length);
  singles.forEach((single, i) => {
    if (single.code === 2) {
      const answer = JSON.parse(answers[i] as string) as { error?: string };
      assert.ok(answer.error?.startsWith(`${file} line ${i + 1}: `), `line ${i + 1}: ${answers[i]}`);
    } else assert.equal(answers[i], single.stdout.replace(/\n$/, ''), `line ${i + 1}`);
  });
}

function decisions(runs: Run[]): Set<string> {
  return new Set(runs.filter((r) => r.code !== 2).map((r) => (JSON.parse(r.stdout) as { decision: string }).decision));
}

describe('ram eval --batch', () => {
  test('300 requests: each answer line is the single request -o json answer, in order', async () => {
    const requests = evalRequests(300);
    const singles: Run[] = [];
    for (const r of requests) singles.push(await inProcess(runRamEval, evalArgv(r)));
    // Not a vacuous comparison: all three decisions occur, and few requests are bad input.
    assert.deepEqual([...decisions(singles)].sort(), ['Allow', 'ExplicitDeny', 'ImplicitDeny']);
    const bad = singles.filter((s) => s.code === 2).length;
    assert.ok(bad > 0 && bad < 30, `${bad} bad requests`);
    const file = writeLines('eval-300.jsonl', requests);
    const batch = await inProcess(runRamEval, ['--batch', file]);
    assert.equal(batch.code, 2, batch.stderr);
    assertSameAnswers(batch.stdout, singles, file);
    assert.match(batch.stderr, new RegExp(`error: ${bad} batch line\\(s\\) were not valid requests`));
  });

  test('an inline document answers as the same document in a file, named policies[N]', async () => {
    const document = JSON.parse(readFileSync(policy('ecs-tag-team-dev'), 'utf8')) as Record<string, unknown>;
    const path = join(dir, 'tag.json');
    writeFileSync(path, JSON.stringify(document));
    const file = writeLines('inline.jsonl', [
      { policies: [policy('deny-ecs-all'), document], action: 'ecs:StartInstance', resource: '*', context: { 'ecs:tag/team': 'dev' } },
      { policies: [document], action: 'ecs:StartInstance', resource: '*', context: { 'ecs:tag/team': 'dev' } },
      { policies: [document], action: 'ecs:DescribeTags', resource: '*' },
    ]);
    const batch = await inProcess(runRamEval, ['--batch', file]);
    assert.equal(batch.code, 0, batch.stderr);
    const expected = [
      ['--policy', policy('deny-ecs-all'), '--policy', path, 'ecs:StartInstance', '*', '--context', 'ecs:tag/team=dev', '-o', 'json'],
      ['--policy', path, 'ecs:StartInstance', '*', '--context', 'ecs:tag/team=dev', '-o', 'json'],
      ['--policy', path, 'ecs:DescribeTags', '*', '-o', 'json'],
    ];
    const answers = lines(batch.stdout);
    for (const [i, argv] of expected.entries()) {
      const single = await inProcess(runRamEval, argv);
      const index = i === 0 ? 1 : 0;
      assert.equal(answers[i], single.stdout.trim().replaceAll(JSON.stringify(path), JSON.stringify(`policies[${index}]`)));
    }
    assert.deepEqual(
      lines(batch.stdout).map((l) => (JSON.parse(l) as { decision: string }).decision),
      ['ExplicitDeny', 'Allow', 'Allow'],
    );
  });

  test('bad lines are answered with an error naming the line; the good lines around them are answered; exit 2', async () => {
    const good = {
      policies: [policy('ecs-require-mfa')],
      action: 'ecs:StartInstance',
      resource: '*',
      context: { 'acs:MFAPresent': 'true' },
    };
    const missing = join(dir, 'no-such-policy.json');
    const file = writeLines('bad-eval.jsonl', [
      good,
      'not json {"secret-looking": 1',
      '',
      { policies: [policy('ecs-require-mfa')], resource: '*' },
      { ...good, effect: 'Allow' },
      { ...good, policies: [missing] },
      { ...good, principal: 7 },
      { ...good, context: { 'acs:MFAPresent': true } },
      { ...good, policies: [] },
      { ...good, context: {} },
    ]);
    const r = await inProcess(runRamEval, ['--batch', file]);
    assert.equal(r.code, 2);
    const answers = lines(r.stdout).map((l) => JSON.parse(l) as { decision: string; statements: unknown[]; error?: string });
    assert.equal(answers.length, 9, 'the blank line 3 is skipped');
    const single = (
      await inProcess(runRamEval, [
        '--policy',
        policy('ecs-require-mfa'),
        'ecs:StartInstance',
        '*',
        '--context',
        'acs:MFAPresent=true',
        '-o',
        'json',
      ])
    ).stdout.trim();
    const empty = (
      await inProcess(runRamEval, ['--policy', policy('ecs-require-mfa'), 'ecs:StartInstance', '*', '-o', 'json'])
    ).stdout.trim();
    assert.equal(lines(r.stdout)[0], single);
    assert.equal(lines(r.stdout)[8], empty);
    const errors = answers.map((a) => a.error);
    // V8's own words quote the text; ours give at most a position (which V8 gives for some errors only).
    assert.match(errors[1] ?? '', new RegExp(`^${file} line 2: not valid JSON( \\(at character \\d+\\))?$`));
    assert.equal(errors[2], `${file} line 4: action: required (e.g. ecs:StartInstance)`);
    assert.equal(errors[3], `${file} line 5: Unrecognized key: "effect"`);
    assert.match(errors[4] ?? '', new RegExp(`^${file} line 6: policies\\[0\\] ${missing}: ENOENT`));
    assert.equal(errors[5], `${file} line 7: principal: must be a string (the caller ARN)`);
    assert.equal(errors[6], `${file} line 8: context.acs:MFAPresent: a context value must be a string or an array of strings`);
    assert.equal(errors[7], `${file} line 9: policies: needs at least one policy`);
    for (const i of [1, 2, 3, 4, 5, 6, 7])
      assert.deepEqual({ ...answers[i], error: undefined }, { decision: 'ImplicitDeny', statements: [], error: undefined });
    assert.ok(!r.stdout.includes('secret-looking'), 'the error does not quote the line');
    assert.match(r.stderr, /error: 7 batch line\(s\) were not valid requests/);
  });

  test('stdin (-); --aws is the default grammar, a line\'s "aws" overrides it; each file\'s notes are printed once', async () => {
    const request = { policies: [policy('deny-ecs-all')], action: 'ecs:RunInstances', resource: '*' };
    const input = [request, request, { ...request, aws: false }, { ...request, action: 'ecs:' }].map((l) => JSON.stringify(l)).join('\n');
    const r = await inProcess(runRamEval, ['--batch', '-', '--aws'], input);
    assert.equal(r.code, 0, r.stderr);
    const awsSingle = await inProcess(runRamEval, ['--policy', policy('deny-ecs-all'), 'ecs:RunInstances', '*', '--aws', '-o', 'json']);
    const ramSingle = await inProcess(runRamEval, ['--policy', policy('deny-ecs-all'), 'ecs:RunInstances', '*', '-o', 'json']);
    assert.deepEqual(lines(r.stdout).slice(0, 3), [awsSingle.stdout.trim(), awsSingle.stdout.trim(), ramSingle.stdout.trim()]);
    // The AWS grammar notes that "Version": "1" is not an AWS version: once for the file, not once per line.
    const note = lines(awsSingle.stderr).find((l) => l.startsWith('note: '));
    assert.ok(note, awsSingle.stderr);
    assert.deepEqual(
      lines(r.stderr).filter((l) => l === note),
      [note],
    );

    const bad = await inProcess(runRamEval, ['--batch', '-'], '{"policies": ["x"], "action": "a:b"}\n');
    assert.equal(bad.code, 2);
    assert.equal(
      (JSON.parse(bad.stdout) as { error: string }).error,
      'stdin line 1: resource: required (e.g. acs:ecs:*:*:instance/i-1 or *)',
    );
  });

  test("the single request's flags are refused with --batch; a missing batch file is named", async () => {
    const cases: [string[], RegExp][] = [
      [['--batch', '-', 'ecs:X', '*'], /--batch takes no ACTION or RESOURCE \(got ecs:X \*\)/],
      [['--batch', '-', '--policy', policy('deny-ecs-all')], /--policy does not apply with --batch/],
      [['--batch', '-', '--context', 'a=b'], /--context does not apply with --batch/],
      [['--batch', '-', '--principal', '*'], /--principal does not apply with --batch/],
      [['--batch', '-', '-o', 'wide'], /-o wide: only "json"/],
      [['--batch', join(dir, 'absent.jsonl')], /--batch .*absent\.jsonl: ENOENT/],
      [['--batch', dir], /a directory, not a file of JSON lines/],
    ];
    for (const [argv, message] of cases) {
      const r = await inProcess(runRamEval, argv, '{}\n');
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    }
    assert.equal((await inProcess(runRamEval, ['--batch', '-', '-o', 'json'], '')).code, 0, '-o json is what a batch writes');
  });

  test('a --policy file that is not JSON is named without quoting its contents', async () => {
    const path = join(dir, 'not-json.json');
    writeFileSync(path, 'AccessKeySecret=abc123 {');
    const r = await inProcess(runRamEval, ['--policy', path, 'ecs:X', '*']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`^error: --policy ${path}: not valid JSON( \\(at character \\d+\\))?\n$`));
    assert.ok(!r.stderr.includes('abc123'));
    const batch = await inProcess(runRamEval, ['--batch', '-'], JSON.stringify({ policies: [path], action: 'ecs:X', resource: '*' }));
    const error = (JSON.parse(batch.stdout) as { error: string }).error;
    assert.match(error, new RegExp(`^stdin line 1: policies\\[0\\] ${path}: not valid JSON`));
    assert.ok(!error.includes('abc123'));
  });
});

describe('ram can-i --batch', () => {
  test('300 requests over the example account: each answer line is the single request -o json answer, in order', async () => {
    const requests = canIRequests(300);
    const singles: Run[] = [];
    for (const r of requests) singles.push(await inProcess(runRamCanI, canIArgv(r)));
    assert.deepEqual([...decisions(singles)].sort(), ['Allow', 'ExplicitDeny', 'ImplicitDeny']);
    assert.ok(
      singles.every((s) => s.code !== 2),
      'every generated request is valid',
    );
    const file = writeLines('can-i-300.jsonl', requests);
    const batch = await inProcess(runRamCanI, ['--batch', file, '--from', EXAMPLE]);
    assert.equal(batch.code, 0, batch.stderr);
    assertSameAnswers(batch.stdout, singles, file);
    // The account's notes once, not once per line.
    assert.equal(batch.stderr.split('AliyunOSSFullAccess is not in the snapshot').length - 1, 1);
  });

  test('bad lines are answered with an error naming the line, principal null; exit 2', async () => {
    const good = { principal: 'user/alice', action: 'cs:DeleteCluster', resource: 'acs:cs:*:*:cluster/c1' };
    const r = await inProcess(
      runRamCanI,
      ['--batch', '-', '--from', EXAMPLE],
      [
        JSON.stringify(good),
        JSON.stringify({ ...good, principal: 'alice' }),
        JSON.stringify({ ...good, principal: 'user/nobody' }),
        '{"principal": ',
        JSON.stringify({ ...good, resourceGroup: '' }),
        JSON.stringify({ ...good, context: ['acs:MFAPresent=true'] }),
        JSON.stringify({ ...good, verb: 'get' }),
        '   ',
        JSON.stringify({ principal: 'role/terway-eni', action: 'ecs:CreateNetworkInterface', resource: '*', context: {} }),
      ].join('\n'),
    );
    assert.equal(r.code, 2);
    const answers = lines(r.stdout).map((l) => JSON.parse(l) as { principal: unknown; decision: string; error?: string });
    assert.equal(answers.length, 8);
    const alice = await inProcess(runRamCanI, [
      'cs:DeleteCluster',
      'acs:cs:*:*:cluster/c1',
      '--principal',
      'user/alice',
      '--from',
      EXAMPLE,
      '-o',
      'json',
    ]);
    const terway = await inProcess(runRamCanI, [
      'ecs:CreateNetworkInterface',
      '*',
      '--principal',
      'role/terway-eni',
      '--from',
      EXAMPLE,
      '-o',
      'json',
    ]);
    assert.equal(lines(r.stdout)[0], alice.stdout.trim());
    assert.equal(lines(r.stdout)[7], terway.stdout.trim());
    assert.deepEqual(
      answers.slice(1, 7).map((a) => a.error),
      [
        'stdin line 2: principal "alice": expected user/NAME or role/NAME',
        'stdin line 3: no user named "nobody" in cloud account 5123456789012345',
        'stdin line 4: not valid JSON (it ends too early)',
        'stdin line 5: resourceGroup: must not be empty (a resource group id)',
        'stdin line 6: context: must be an object {KEY: VALUE or [VALUES]}',
        'stdin line 7: Unrecognized key: "verb"',
      ],
    );
    for (const a of answers.slice(1, 7)) {
      assert.deepEqual(
        { ...a, error: undefined },
        { principal: null, decision: 'ImplicitDeny', conditional: false, statements: [], paths: [], unevaluated: [], error: undefined },
      );
    }
  });

  test("the single request's flags are refused with --batch; stdin cannot be both the batch and the source", async () => {
    const cases: [string[], RegExp][] = [
      [['cs:X', '*', '--batch', '-', '--from', EXAMPLE], /--batch takes no ACTION or RESOURCE/],
      [['--batch', '-', '--principal', 'user/alice', '--from', EXAMPLE], /--principal does not apply with --batch/],
      [['--batch', '-', '--context', 'a=b', '--from', EXAMPLE], /--context does not apply with --batch/],
      [['--batch', '-', '--resource-group', 'rg', '--from', EXAMPLE], /--resource-group does not apply with --batch/],
      [['--batch', '-', '--from', '-'], /stdin cannot be both --batch - and --from -/],
      [['--batch', '-'], /no SOURCE/],
    ];
    for (const [argv, message] of cases) {
      const r = await inProcess(runRamCanI, argv, '{}\n');
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.stderr, message);
    }
  });
});

describe('--batch through the real CLI', () => {
  /** `count` lines drawn from `distinct` requests in a seeded order, so an answer out of place is seen. */
  function sequence(count: number, distinct: number, seed: number): number[] {
    const random = seeded(seed);
    return Array.from({ length: count }, () => Math.floor(random() * distinct));
  }

  test('ram eval --batch FILE: 10,000 lines answered in one process, in order, each equal to the single answer', async () => {
    const candidates = evalRequests(60);
    const distinct: { request: EvalRequest; answer: string }[] = [];
    for (const request of candidates) {
      const single = await inProcess(runRamEval, evalArgv(request));
      if (single.code !== 2 && !distinct.some((d) => d.answer === single.stdout)) distinct.push({ request, answer: single.stdout });
    }
    assert.ok(distinct.length >= 8, `${distinct.length} distinct answers`);
    const order = sequence(10_000, distinct.length, 5);
    const file = writeLines(
      'eval-10k.jsonl',
      order.map((k) => distinct[k]?.request),
    );
    const r = spawn(['ram', 'eval', '--batch', file]);
    assert.equal(r.code, 0, r.stderr);
    const answers = lines(r.stdout);
    assert.equal(answers.length, 10_000);
    order.forEach((k, i) => assert.equal(answers[i], distinct[k]?.answer.trim(), `line ${i + 1}`));
    // And one single request through the real CLI gives the same line.
    const first = distinct[order[0] as number] as { request: EvalRequest; answer: string };
    assert.equal(spawn(['ram', 'eval', ...evalArgv(first.request)]).stdout, first.answer);
  });

  test('ram can-i --batch - (stdin): 10,000 lines answered in one process, in order, each equal to the single answer', async () => {
    const candidates = canIRequests(80);
    const distinct: { request: CanIRequest; answer: string }[] = [];
    for (const request of candidates) {
      const single = await inProcess(runRamCanI, canIArgv(request));
      if (single.code !== 2 && !distinct.some((d) => d.answer === single.stdout)) distinct.push({ request, answer: single.stdout });
    }
    assert.ok(distinct.length >= 8, `${distinct.length} distinct answers`);
    const order = sequence(10_000, distinct.length, 7);
    const input = order.map((k) => JSON.stringify(distinct[k]?.request)).join('\n') + '\n';
    const r = spawn(['ram', 'can-i', '--batch', '-', '--from', EXAMPLE], input);
    assert.equal(r.code, 0, r.stderr);
    const answers = lines(r.stdout);
    assert.equal(answers.length, 10_000);
    order.forEach((k, i) => assert.equal(answers[i], distinct[k]?.answer.trim(), `line ${i + 1}`));
    const first = distinct[order[0] as number] as { request: CanIRequest; answer: string };
    assert.equal(spawn(['ram', 'can-i', ...canIArgv(first.request)]).stdout, first.answer);
  });
});
