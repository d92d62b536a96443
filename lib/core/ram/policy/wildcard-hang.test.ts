// Issue 9, defect 4: a policy pattern such as `*?*?*?*?*?*?*?*?*?*?*?*?*b` compiled to a backtracking
// regex and kept a process busy for minutes on a 40-character resource. Each case here runs
// `access-atlas ram eval` in a child process that is killed after 10 s, and asserts that it exited on
// its own with the decision the semantics give. This is a hang check, not a timing claim (the bench
// times the matcher: bench/measure/wildcard-bench.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'access-atlas.mjs');
const KILL_AFTER_MS = 10_000;
const BOMB = '*?*?*?*?*?*?*?*?*?*?*?*?*b';
const MISS = 'a'.repeat(200);
const HIT = `${'a'.repeat(199)}b`;

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs node with `args` (after the shared flags) and kills it after KILL_AFTER_MS. */
function runNode(args: readonly string[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=react-server', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // SIGKILL: a thread stuck in a regex does not run JavaScript signal handlers.
    const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

const runCli = (args: readonly string[]) => runNode([BIN, ...args]);

function writePolicy(dir: string, name: string, statement: object, version = '1'): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify({ Version: version, Statement: [{ Effect: 'Allow', Action: 'ecs:*', ...statement }] }));
  return path;
}

function assertDecision(outcome: Outcome, decision: string, code: number): void {
  assert.equal(
    outcome.signal,
    null,
    `ram eval was killed after ${KILL_AFTER_MS / 1000} s instead of answering (stderr: ${outcome.stderr.slice(0, 500)})`,
  );
  assert.equal(outcome.code, code, outcome.stderr.slice(0, 500));
  assert.equal((JSON.parse(outcome.stdout) as { decision: string }).decision, decision);
}

test('ram eval answers a pathological Resource pattern against a 200-character resource', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-wildcard-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const policy = writePolicy(dir, 'resource.json', { Resource: BOMB });
  const [miss, hit] = await Promise.all([
    runCli(['ram', 'eval', '--policy', policy, '-o', 'json', 'ecs:DescribeInstances', MISS]),
    runCli(['ram', 'eval', '--policy', policy, '-o', 'json', 'ecs:DescribeInstances', HIT]),
  ]);
  assertDecision(miss, 'ImplicitDeny', 1);
  assertDecision(hit, 'Allow', 0);
});

test('ram eval answers a pathological StringLike condition against a 200-character value', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-wildcard-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const policy = writePolicy(dir, 'condition.json', { Resource: '*', Condition: { StringLike: { 'oidc:sub': BOMB } } });
  const ask = (value: string) =>
    runCli([
      'ram',
      'eval',
      '--policy',
      policy,
      '--context',
      `oidc:sub=${value}`,
      '-o',
      'json',
      'ecs:DescribeInstances',
      'acs:ecs:*:*:instance/i-1',
    ]);
  const [miss, hit] = await Promise.all([ask(MISS), ask(HIT)]);
  assertDecision(miss, 'ImplicitDeny', 1);
  assertDecision(hit, 'Allow', 0);
});

test('ArnLike compares each ARN component with the same matcher, and answers at 200 characters', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-wildcard-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const policy = writePolicy(
    dir,
    'arn.json',
    { Resource: '*', Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${BOMB}` } } },
    '2012-10-17',
  );
  const ask = (value: string) =>
    runCli([
      'ram',
      'eval',
      '--aws',
      '--policy',
      policy,
      '--context',
      `aws:SourceArn=arn:aws:s3:::${value}`,
      '-o',
      'json',
      'ecs:DescribeInstances',
      '*',
    ]);
  const [miss, hit] = await Promise.all([ask(MISS), ask(HIT)]);
  assertDecision(miss, 'ImplicitDeny', 1);
  assertDecision(hit, 'Allow', 0);
});

test('the matcher answers long pathological cases correctly (checked in a child, so a regression cannot hang this file)', async () => {
  const cases: [pattern: string, value: string, expected: boolean][] = [
    [BOMB, MISS, false],
    [BOMB, HIT, true],
    [BOMB, `${'a'.repeat(11)}b`, false], // twelve `?` need twelve characters before the b
    [BOMB, `${'a'.repeat(12)}b`, true],
    ['?'.repeat(200), 'x'.repeat(200), true],
    ['?'.repeat(200), 'x'.repeat(199), false],
    [`${'*a?'.repeat(60)}*c`, 'ab'.repeat(100), false],
    [`${'*a?'.repeat(60)}*c`, `${'ab'.repeat(100)}c`, true],
    [`${'a*'.repeat(100)}b`, 'a'.repeat(5000), false],
    [`*${'?a'.repeat(50)}*`, `${'xa'.repeat(2000)}`, true],
    [`*${'?a'.repeat(50)}b*`, `${'xa'.repeat(2000)}`, false],
  ];
  const script = [
    "import { wildcardMatches } from './lib/core/ram/policy/wildcard.ts';",
    'const cases = JSON.parse(process.argv.at(-1));',
    'process.stdout.write(JSON.stringify(cases.map(([p, v]) => wildcardMatches(p, v))));',
  ].join('\n');
  const outcome = await runNode(['--import', 'tsx', '--input-type=module', '-e', script, JSON.stringify(cases)]);
  assert.equal(outcome.signal, null, `the matcher was killed after ${KILL_AFTER_MS / 1000} s instead of answering`);
  assert.equal(outcome.code, 0, outcome.stderr.slice(0, 500));
  assert.deepEqual(
    JSON.parse(outcome.stdout),
    cases.map(([, , expected]) => expected),
  );
});
