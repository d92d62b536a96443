import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CloudPolicyBody, CloudRoleBody, CloudUserBody } from '../../core/ram/model';
import type { CollectResult, CollectedSnapshot, StoredObject } from '../../core/snapshot/types';
import { collectFromAwsAuthorizationDetails } from './collect-from-aws-authorization-details';

const PAGE_1 = 'fixtures/aws/authorization-details/page-1.json';
const PAGE_2 = 'fixtures/aws/authorization-details/page-2.json';
const ISSUER = 'oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atlas-aws-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

async function page(path: string): Promise<Record<string, unknown[]>> {
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown[]>;
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

const body = <T>(objects: StoredObject[], kind: string, name: string): T => {
  const found = objects.find((o) => o.kind === kind && o.name === name);
  assert.ok(found, `${kind} ${name}`);
  return found.body as unknown as T;
};

void describe('collectFromAwsAuthorizationDetails', () => {
  void test('merges two pages into one AWS account: users, groups, roles, policies by type', async () => {
    const snapshot = snapshotOf(await collectFromAwsAuthorizationDetails([PAGE_1, PAGE_2]));
    const count = (kind: string) => snapshot.objects.filter((o) => o.kind === kind).length;
    assert.deepEqual(
      [count('CloudAccount'), count('CloudUser'), count('CloudGroup'), count('CloudRole'), count('CloudPolicy')],
      [1, 3, 2, 2, 5],
    );
    assert.deepEqual(body(snapshot.objects, 'CloudAccount', '123456789012'), { provider: 'aws', accountId: '123456789012' });
    assert.deepEqual(snapshot.warnings, []);
    assert.equal(snapshot.origin, `${PAGE_1}, ${PAGE_2}`);
    const policies = snapshot.objects
      .filter((o) => o.kind === 'CloudPolicy')
      .map((o) => `${o.namespace}/${o.name}`)
      .sort();
    assert.deepEqual(policies, [
      'AWS/AdministratorAccess',
      'AWS/AmazonS3FullAccess',
      'AWS/PowerUserAccess',
      'Customer/AllowExternalDNSUpdates',
      'Customer/ContractorBoundary',
    ]);
  });

  void test('users carry groups, managed and inline policies, the boundary, and say credentials were not reported', async () => {
    const snapshot = snapshotOf(await collectFromAwsAuthorizationDetails([PAGE_1, PAGE_2]));
    const charlie = body<CloudUserBody>(snapshot.objects, 'CloudUser', 'Charlie');
    assert.equal(charlie.arn, 'arn:aws:iam::123456789012:user/contractors/Charlie');
    assert.deepEqual(charlie.attachedPolicies, [{ policyType: 'AWS', policyName: 'PowerUserAccess', scope: { kind: 'account' } }]);
    assert.deepEqual(charlie.permissionsBoundary, { policyType: 'Customer', policyName: 'ContractorBoundary' });
    assert.equal(charlie.credentialsReported, false);
    const bob = body<CloudUserBody>(snapshot.objects, 'CloudUser', 'Bob');
    assert.deepEqual(
      bob.inlinePolicies?.map((p) => p.name),
      ['DenyBillingAndIAMPolicy'],
    );
    assert.deepEqual(bob.inlinePolicies?.[0]?.document.Statement, { Effect: 'Deny', Action: ['aws-portal:*', 'iam:*'], Resource: '*' });
  });

  void test('the IRSA role keeps its trust policy with the exact sub, and the default version is the document', async () => {
    const snapshot = snapshotOf(await collectFromAwsAuthorizationDetails([PAGE_1, PAGE_2]));
    const role = body<CloudRoleBody>(snapshot.objects, 'CloudRole', 'eks-external-dns');
    const statement = (role.trustPolicy.Statement as Record<string, unknown>[])[0];
    assert.equal(statement?.Action, 'sts:AssumeRoleWithWebIdentity');
    assert.deepEqual(statement?.Condition, {
      StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:kube-system:external-dns', [`${ISSUER}:aud`]: 'sts.amazonaws.com' },
    });
    const policy = body<CloudPolicyBody>(snapshot.objects, 'CloudPolicy', 'AllowExternalDNSUpdates');
    assert.equal(policy.defaultVersion, 'v2');
    assert.equal(policy.arn, 'arn:aws:iam::123456789012:policy/AllowExternalDNSUpdates');
    assert.equal(JSON.stringify(policy.document).includes('route53:ChangeResourceRecordSets'), true, 'v2, not the broader v1');
  });

  void test('URL-encoded documents (the raw API) hash the same as the CLI’s parsed objects', async () => {
    const second = await page(PAGE_2);
    const encode = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));
    const raw = {
      ...second,
      RoleDetailList: (second.RoleDetailList as Record<string, unknown>[]).map((r) => ({
        ...r,
        AssumeRolePolicyDocument: encode(r.AssumeRolePolicyDocument),
      })),
      Policies: (second.Policies as { PolicyVersionList: Record<string, unknown>[] }[]).map((p) => ({
        ...p,
        PolicyVersionList: p.PolicyVersionList.map((v) => ({ ...v, Document: encode(v.Document) })),
      })),
    };
    const a = snapshotOf(await collectFromAwsAuthorizationDetails([PAGE_1, PAGE_2]));
    const b = snapshotOf(await collectFromAwsAuthorizationDetails([PAGE_1, await write('raw-page-2.json', raw)]));
    assert.deepEqual(
      a.objects.map((o) => o.hash),
      b.objects.map((o) => o.hash),
    );
  });

  void test('a last page that says IsTruncated is refused: the rest of the account is missing', async () => {
    assert.match(
      messageOf(await collectFromAwsAuthorizationDetails([PAGE_1])),
      /page-1\.json: IsTruncated is true \(Marker EXAMPLE.*\): the following pages are missing/,
    );
  });

  void test('bad JSON names the file and position; a wrong shape names the JSON path; other JSON is refused', async () => {
    const broken = await write('broken.json', '{"UserDetailList": [\n  {"UserName": "x" "UserId": "y"}\n]}');
    assert.equal(
      messageOf(await collectFromAwsAuthorizationDetails([broken])),
      `${broken}:2:20: invalid JSON: expected ',' or '}' after a property value`,
    );
    const shape = await write('shape.json', {
      UserDetailList: [{ UserName: 'x', UserId: 'y', Arn: 'arn:aws:iam::123456789012:user/x', GroupList: 'Admins' }],
    });
    assert.match(
      messageOf(await collectFromAwsAuthorizationDetails([shape])),
      /shape\.json: not get-account-authorization-details output: at UserDetailList\[0\]\.GroupList: /,
    );
    const other = await write('other.json', { kind: 'List', items: [] });
    assert.match(
      messageOf(await collectFromAwsAuthorizationDetails([other])),
      /other\.json: not get-account-authorization-details output: none of UserDetailList/,
    );
  });

  void test('a document that is not JSON names the file and the policy', async () => {
    const second = await page(PAGE_2);
    const roles = second.RoleDetailList as Record<string, unknown>[];
    const bad = await write('bad-doc.json', { ...second, RoleDetailList: [{ ...roles[0], AssumeRolePolicyDocument: '%7B%22Version' }] });
    assert.equal(
      messageOf(await collectFromAwsAuthorizationDetails([bad])),
      `${bad}: role EC2role: AssumeRolePolicyDocument is neither JSON nor URL-encoded JSON`,
    );
  });

  void test('an attached policy whose document is absent is a warning naming it and who holds it', async () => {
    const second = await page(PAGE_2);
    const without = await write('no-admin.json', {
      ...second,
      Policies: (second.Policies as { PolicyName: string }[]).filter((p) => p.PolicyName !== 'AdministratorAccess'),
    });
    const snapshot = snapshotOf(await collectFromAwsAuthorizationDetails([PAGE_1, without]));
    assert.deepEqual(snapshot.warnings, [
      'arn:aws:iam::aws:policy/AdministratorAccess is attached to group Admins but its document is not in the input (was --filter used?); what it grants is unknown',
    ]);
  });

  void test('several accounts are refused; the account option must agree with the ARNs; huge files are refused', async () => {
    const second = await page(PAGE_2);
    const other = await write('other-account.json', {
      UserDetailList: [{ UserName: 'z', UserId: 'AIDAZ', Arn: 'arn:aws:iam::999999999999:user/z' }],
    });
    assert.match(
      messageOf(await collectFromAwsAuthorizationDetails([PAGE_1, PAGE_2, other])),
      /ARNs name several accounts \(123456789012, 999999999999\)/,
    );
    assert.match(
      messageOf(await collectFromAwsAuthorizationDetails([PAGE_1, PAGE_2], { accountId: '111111111111' })),
      /ARNs name account 123456789012, not the given account 111111111111/,
    );
    const onlyAws = await write('aws-only.json', {
      Policies: (second.Policies as { Arn: string }[]).filter((p) => p.Arn.includes('::aws:')),
    });
    assert.match(messageOf(await collectFromAwsAuthorizationDetails([onlyAws])), /no ARN names the account; pass the account id/);
    assert.ok(snapshotOf(await collectFromAwsAuthorizationDetails([onlyAws], { accountId: '123456789012' })).objects.length === 4);
    assert.match(
      messageOf(await collectFromAwsAuthorizationDetails([PAGE_2], { maxFileBytes: 1000 })),
      /page-2\.json is \d+ bytes, more than the limit of 1000 bytes/,
    );
  });
});
