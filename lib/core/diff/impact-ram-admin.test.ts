// The `ram-admin` impact rule: the same answers as the single regex it replaced (kept below as the
// oracle), and no quadratic backtracking on a long action from an uploaded policy (issue 9, defect 4),
// checked in a child process killed after 10 s so that a regression fails instead of hanging.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { impactOf } from './impact';
import type { Grant } from './types';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const OLD =
  /^(\*|ram:\*|iam:\*|sts:\*|sts:AssumeRole.*|(ram|iam):(Attach|Detach|Put|Create|Update|Delete|Set)\w*(Policy|PolicyVersion|Role|User|Group|LoginProfile|AccessKey)\w*)$/i;

const isAdmin = (action: string) =>
  impactOf({ type: 'ram', action, resource: '*', text: action } satisfies Grant).rules.includes('ram-admin');

test('ram-admin answers as the single regex did', () => {
  for (const action of [
    '*',
    'RAM:*',
    'sts:AssumeRole',
    'sts:AssumeRoleWithOIDC',
    'ram:AttachPolicyToUser',
    'iam:CreateAccessKey',
    'ram:createloginprofile',
    'ram:SetDefaultPolicyVersion',
    'ram:ListUsers',
    'ram:Create',
    'ram:CreateRole-x',
    'ecs:CreateRole',
    'ram:Create*',
  ])
    assert.equal(isAdmin(action), OLD.test(action), action);
  const words = ['ram:', 'iam:', 'sts:', 'Attach', 'create', 'Set', 'Policy', 'role', 'User', 'Version', 'AssumeRole', 'x', '*', '-', '\n'];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...words), { maxLength: 6 }), (parts) => isAdmin(parts.join('')) === OLD.test(parts.join(''))),
    { numRuns: 20_000 },
  );
});

test('a 400,000-character action is classified without quadratic backtracking', async () => {
  const script = [
    "import { impactOf } from './lib/core/diff/impact.ts';",
    "const action = 'ram:Create' + 'Role'.repeat(100_000) + '!';",
    "process.stdout.write(JSON.stringify(impactOf({ type: 'ram', action, resource: '*', text: 'long' }).rules.includes('ram-admin')));",
  ].join('\n');
  const outcome = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout });
    });
  });
  assert.equal(outcome.signal, null, 'killed after 10 s instead of answering');
  assert.equal(outcome.code, 0);
  assert.equal(outcome.stdout, 'false', 'the trailing "!" is not a word character, so this is not an admin action');
});
