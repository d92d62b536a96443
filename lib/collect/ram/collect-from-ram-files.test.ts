import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CloudPolicyBody, CloudRoleBody } from '../../core/ram/model';
import type { CollectResult, CollectedSnapshot, StoredObject } from '../../core/snapshot/types';
import { collectFromRamFiles } from './collect-from-ram-files';

const FIXTURE = 'fixtures/ram-account/example.json';
let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atlas-ram-files-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fixture(): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(FIXTURE, 'utf8')) as Record<string, unknown>;
}

async function write(name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

function snapshotOf(result: CollectResult): CollectedSnapshot {
  if (!result.ok) assert.fail(`${result.error.code}: ${result.error.message}`);
  return result.snapshot;
}

function messageOf(result: CollectResult): string {
  if (result.ok) assert.fail('expected bad input');
  assert.equal(result.error.code, 'bad-input');
  return result.error.message;
}

const named = (objects: StoredObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.name === name);

void describe('collectFromRamFiles', () => {
  void test('reads the documented layout into cloud objects, policies keyed by type', async () => {
    const snapshot = snapshotOf(await collectFromRamFiles([FIXTURE]));
    assert.equal(snapshot.origin, FIXTURE);
    assert.deepEqual(snapshot.missingKinds, []);
    const account = named(snapshot.objects, 'CloudAccount', '5123456789012345');
    assert.deepEqual(account?.body, { provider: 'alibaba', accountId: '5123456789012345', alias: 'example-corp' });
    const system = snapshot.objects.find((o) => o.kind === 'CloudPolicy' && o.name === 'AliyunRAMReadOnlyAccess');
    assert.equal(system?.namespace, 'System');
    assert.equal((system?.body as unknown as CloudPolicyBody).defaultVersion, 'v3');
    const custom = named(snapshot.objects, 'CloudPolicy', 'admin-except-billing');
    assert.equal(custom?.namespace, 'Custom');
    assert.deepEqual(
      (custom?.body as unknown as CloudPolicyBody).document,
      JSON.parse(await readFile('fixtures/real-world-ram/admin-except-billing.json', 'utf8')),
    );
    const group = named(snapshot.objects, 'CloudGroup', 'developers');
    assert.deepEqual(group?.body, {
      groupId: '3012345678902',
      arn: 'acs:ram::5123456789012345:group/developers',
      attachedPolicies: [
        { policyType: 'Custom', policyName: 'ecs-tag-team-dev', scope: { kind: 'account' }, attachDate: '2024-03-01T08:01:00Z' },
      ],
    });
  });

  void test('a document given as an object hashes like the same document as a JSON string', async () => {
    const data = await fixture();
    const roles = data.Roles as { AssumeRolePolicyDocument: string }[];
    const parsed = {
      ...data,
      Roles: roles.map((r) => ({ ...r, AssumeRolePolicyDocument: JSON.parse(r.AssumeRolePolicyDocument) as unknown })),
    };
    const a = snapshotOf(await collectFromRamFiles([FIXTURE]));
    const b = snapshotOf(await collectFromRamFiles([await write('parsed.json', parsed)]));
    assert.deepEqual(
      a.objects.map((o) => o.hash),
      b.objects.map((o) => o.hash),
    );
    const role = named(b.objects, 'CloudRole', 'terway-eni')?.body as unknown as CloudRoleBody;
    assert.deepEqual(role.trustPolicy, JSON.parse(await readFile('fixtures/real-world-ram/trust-service-ecs.json', 'utf8')));
  });

  void test('an export split in two files is merged; two accounts are refused', async () => {
    const data = await fixture();
    const first = await write('part1.json', { ...data, Roles: [], Policies: [] });
    const second = await write('part2.json', { AccountId: data.AccountId, Roles: data.Roles, Policies: data.Policies });
    const merged = snapshotOf(await collectFromRamFiles([first, second]));
    const whole = snapshotOf(await collectFromRamFiles([FIXTURE]));
    assert.deepEqual(new Set(merged.objects.map((o) => o.hash)), new Set(whole.objects.map((o) => o.hash)));
    const other = await write('other.json', { AccountId: '999', Users: [] });
    assert.match(messageOf(await collectFromRamFiles([first, other])), /other\.json: AccountId 999 differs from 5123456789012345/);
  });

  void test('invalid JSON names the file, line and column', async () => {
    const path = await write('broken.json', '{\n  "AccountId": "1",\n  "Users": [\n    {"UserName": "a",}\n  ]\n}');
    assert.equal(messageOf(await collectFromRamFiles([path])), `${path}:4:22: invalid JSON: expected a double-quoted property name`);
  });

  void test('a field of the wrong shape names the file and its JSON path', async () => {
    const data = await fixture();
    const users = data.Users as Record<string, unknown>[];
    const path = await write('bad-shape.json', {
      ...data,
      Users: [users[0], { ...users[1], AccessKeys: [{ AccessKeyId: 'x', Status: 'Enabled' }] }],
    });
    assert.match(
      messageOf(await collectFromRamFiles([path])),
      new RegExp(`^${path}: not a RAM account export .*at Users\\[1\\]\\.AccessKeys\\[0\\]\\.Status: `),
    );
    const noId = await write('no-id.json', { Users: [] });
    assert.match(messageOf(await collectFromRamFiles([noId])), /at AccountId: /);
  });

  void test('a policy document that is not JSON is bad input naming the policy', async () => {
    const data = await fixture();
    const policies = data.Policies as Record<string, unknown>[];
    const path = await write('bad-doc.json', {
      ...data,
      Policies: [{ ...policies[0], DefaultPolicyVersion: { VersionId: 'v1', PolicyDocument: '{"Version":' } }],
    });
    assert.equal(
      messageOf(await collectFromRamFiles([path])),
      `${path}: Custom policy admin-except-billing: DefaultPolicyVersion.PolicyDocument is not valid JSON`,
    );
  });

  void test('files over the size limit are refused by name', async () => {
    assert.match(
      messageOf(await collectFromRamFiles([FIXTURE], { maxFileBytes: 100 })),
      /example\.json is \d+ bytes, more than the limit of 100 bytes/,
    );
  });

  void test('a user in a group the export lacks, and a repeated user, give warnings', async () => {
    const data = await fixture();
    const users = data.Users as Record<string, unknown>[];
    const path = await write('warn.json', { ...data, Users: [...users, { ...users[0], Groups: [{ GroupName: 'ghosts' }] }] });
    const snapshot = snapshotOf(await collectFromRamFiles([path]));
    assert.ok(snapshot.warnings.includes('user alice appears more than once; the last copy is kept'), snapshot.warnings.join('\n'));
    assert.ok(snapshot.warnings.includes('user alice is a member of group ghosts, which is not in the account'));
  });
});
