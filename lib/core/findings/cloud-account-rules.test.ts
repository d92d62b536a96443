// The cloud rules on account-level inputs (CloudAccountBody: the root account's AccessKeys, ACK's
// kubeconfig inventory, the MFA-at-login preference), one data-driven case list per rule: positive,
// negative, and the input missing (listed in notEvaluated with why, never passed).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { accountFromCloudObjects } from '../ram/account';
import { ACCOUNT_ID, user, role } from '../ram/account/testdata/objects';
import { decodeCloudObjects } from '../ram/decode-bodies';
import type { AckKubeconfig, CloudAccountBody } from '../ram/model';
import type { JsonObject, StoredObject } from '../snapshot/types';
import { evaluateCloudFindings } from './evaluate-cloud';
import type { FindingsResult } from './types';

const NOW = new Date('2026-12-01T00:00:00Z');
const CLUSTER = 'c-0123456789abcdef';
const TRUST: JsonObject = { Version: '1', Statement: [] };

function accountWith(extra: Partial<CloudAccountBody>, provider: 'alibaba' | 'aws' = 'alibaba'): StoredObject {
  const body: CloudAccountBody = { provider, accountId: ACCOUNT_ID, ...extra };
  return { kind: 'CloudAccount', namespace: '', name: ACCOUNT_ID, body: body as unknown as JsonObject, hash: '' };
}

function run(rule: string, objects: StoredObject[]): FindingsResult {
  const decoded = decodeCloudObjects(objects);
  return evaluateCloudFindings({ source: 'test', objects: decoded, account: accountFromCloudObjects(decoded), now: NOW, rules: [rule] });
}

/** `CloudUser alice AckKubeconfig c-1/123`, or `not evaluated: <reason>`. */
function outcome(result: FindingsResult): string[] {
  if (result.notEvaluated.length > 0) return result.notEvaluated.map((n) => `not evaluated: ${n.reason}`);
  return result.findings.map(
    (f) =>
      `${f.subject?.kind} ${f.subject?.name}${f.object ? ` ${f.object.kind} ${f.object.namespace ? `${f.object.namespace}/` : ''}${f.object.name}` : ''}`,
  );
}

interface Case {
  name: string;
  input: StoredObject[];
  expected: (string | RegExp)[];
}

function check(rule: string, cases: Case[]): void {
  for (const c of cases) {
    test(c.name, () => {
      const got = outcome(run(rule, c.input));
      assert.equal(got.length, c.expected.length, JSON.stringify(got));
      c.expected.forEach((e, i) => (typeof e === 'string' ? assert.equal(got[i], e) : assert.match(got[i] ?? '', e)));
    });
  }
}

function kc(accountId: string, accountType: string, opts: Partial<AckKubeconfig> = {}): AckKubeconfig {
  return { accountId, accountType, accountState: 'Active', certState: 'Unexpired', certExpireTime: '2027-06-01T00:00:00Z', ...opts };
}

const inventory = (...kubeconfigs: AckKubeconfig[]) => ({ ackClusters: [{ clusterId: CLUSTER, kubeconfigs }] });

describe('ram.root-accesskey', () => {
  check('ram.root-accesskey', [
    {
      name: 'positive: the root account has an AccessKey',
      input: [accountWith({ rootAccessKeys: { count: 1 } })],
      expected: [`CloudAccount ${ACCOUNT_ID}`],
    },
    { name: 'negative: no root AccessKey', input: [accountWith({ rootAccessKeys: { count: 0 } })], expected: [] },
    {
      name: 'missing input: a file import without the security report',
      input: [accountWith({})],
      expected: [/does not carry the root account's AccessKey state \(IMS GetAccountSecurityPracticeReport\)/],
    },
    {
      name: 'missing input: the live collector was denied the report',
      input: [accountWith({ unread: { rootAccessKeys: 'NoPermission on GetAccountSecurityPracticeReport' } })],
      expected: [/could not be read: NoPermission on GetAccountSecurityPracticeReport/],
    },
    {
      name: 'AWS: get-account-authorization-details has no root key state',
      input: [accountWith({}, 'aws')],
      expected: [/AWS get-account-authorization-details does not carry the root user's access keys/],
    },
  ]);
  test('the evidence is the stored count', () => {
    const f = run('ram.root-accesskey', [accountWith({ rootAccessKeys: { count: 2 } })]).findings[0];
    assert.equal(f?.severity, 'critical');
    assert.deepEqual(f?.evidence, [
      { kind: 'object', object: { kind: 'CloudAccount', name: ACCOUNT_ID }, field: 'rootAccessKeys', value: { count: 2 } },
    ]);
  });
});

describe('ack.kubeconfig-orphaned', () => {
  const alice = user('alice', '2001');
  const deployer = role('deployer', '3001', TRUST);
  check('ack.kubeconfig-orphaned', [
    {
      name: 'positive: a user ACK reports deleted, a user and a role not in the account, a frozen user',
      input: [
        accountWith(
          inventory(
            kc('2002', 'RamUser', { accountName: 'bob', accountState: 'Deleted' }),
            kc('2003', 'RamUser', { accountName: 'carol' }),
            kc('3002', 'RamRole', { accountName: 'old-role' }),
            kc('2001', 'RamUser', { accountName: 'alice', accountState: 'InActive' }),
          ),
        ),
        alice,
        deployer,
      ],
      expected: [
        `CloudRole old-role AckKubeconfig ${CLUSTER}/3002`,
        `CloudUser alice AckKubeconfig ${CLUSTER}/2001`,
        `CloudUser bob AckKubeconfig ${CLUSTER}/2002`,
        `CloudUser carol AckKubeconfig ${CLUSTER}/2003`,
      ],
    },
    {
      name: 'negative: existing identities, an expired or past-expiry certificate of a deleted user, the root account',
      input: [
        accountWith(
          inventory(
            kc('2001', 'RamUser', { accountName: 'alice' }),
            kc('3001', 'RamRole', { accountName: 'deployer' }),
            kc('2002', 'RamUser', { accountName: 'bob', accountState: 'Deleted', certState: 'Expired' }),
            kc('2003', 'RamUser', { accountName: 'carol', accountState: 'Deleted', certExpireTime: '2026-11-30T00:00:00Z' }),
            kc(ACCOUNT_ID, 'RootAccount'),
          ),
        ),
        alice,
        deployer,
      ],
      expected: [],
    },
    {
      name: 'missing input: no kubeconfig inventory in the source',
      input: [accountWith({}), alice],
      expected: [/carries no ACK kubeconfig inventory \(ListClusterKubeconfigStates\)/],
    },
    {
      name: 'missing input: one linked cluster could not be read',
      input: [
        accountWith({
          ackClusters: [
            { clusterId: CLUSTER, kubeconfigs: [] },
            { clusterId: 'c-other', unread: 'NoPermission on ListClusterKubeconfigStates' },
          ],
        }),
      ],
      expected: [/1 of 2 linked ACK clusters could not be read: c-other \(NoPermission on ListClusterKubeconfigStates\)/],
    },
    {
      name: 'missing input: the users or roles could not be read, so absence proves nothing',
      input: [accountWith({ ...inventory(kc('2003', 'RamUser')), unread: { identities: 'CloudUser could not be read' } })],
      expected: [/RAM users or roles could not be read: CloudUser could not be read/],
    },
    { name: 'AWS: no ACK inventory', input: [accountWith({}, 'aws')], expected: [/EKS has no ACK kubeconfig inventory/] },
  ]);
  test('the evidence names the cluster, the kubeconfig and why', () => {
    const f = run('ack.kubeconfig-orphaned', [
      accountWith(inventory(kc('2002', 'RamUser', { accountName: 'bob', accountState: 'Deleted' }))),
    ]).findings[0];
    assert.equal(f?.severity, 'high');
    assert.deepEqual(f?.evidence[0], {
      kind: 'object',
      object: { kind: 'CloudAccount', name: ACCOUNT_ID },
      field: 'ackClusters[0].kubeconfigs[0]',
      value: {
        clusterId: CLUSTER,
        accountId: '2002',
        accountType: 'RamUser',
        accountName: 'bob',
        accountState: 'Deleted',
        certState: 'Unexpired',
        certExpireTime: '2027-06-01T00:00:00Z',
        reason: 'ACK reports the identity deleted',
      },
    });
  });
});

describe('ack.kubeconfig-long-lived', () => {
  check('ack.kubeconfig-long-lived', [
    {
      name: 'positive: certificates valid for more than 365 more days, the root account included',
      input: [
        accountWith(
          inventory(
            kc('2001', 'RamUser', { accountName: 'alice', certExpireTime: '2029-03-01T00:00:00Z' }),
            kc(ACCOUNT_ID, 'RootAccount', { certExpireTime: '2027-12-02T00:00:00Z' }),
          ),
        ),
      ],
      expected: [`CloudAccount ${ACCOUNT_ID} AckKubeconfig ${CLUSTER}/${ACCOUNT_ID}`, `CloudUser alice AckKubeconfig ${CLUSTER}/2001`],
    },
    {
      name: 'negative: exactly a year, under a year, expired, unknown state, no expiry date',
      input: [
        accountWith(
          inventory(
            kc('2001', 'RamUser', { certExpireTime: '2027-12-01T00:00:00Z' }),
            kc('2002', 'RamUser', { certExpireTime: '2027-03-01T00:00:00Z' }),
            kc('2003', 'RamUser', { certState: 'Expired', certExpireTime: '2029-03-01T00:00:00Z' }),
            kc('2004', 'RamUser', { certState: 'Unknown', certExpireTime: '2029-03-01T00:00:00Z' }),
            kc('2005', 'RamUser', { certExpireTime: undefined }),
          ),
        ),
      ],
      expected: [],
    },
    {
      name: 'not blocked by unread users: the rule needs only the inventory',
      input: [
        accountWith({ ...inventory(kc('2001', 'RamUser', { certExpireTime: '2029-03-01T00:00:00Z' })), unread: { identities: 'x' } }),
      ],
      expected: [`CloudUser 2001 AckKubeconfig ${CLUSTER}/2001`],
    },
    { name: 'missing input: no inventory', input: [accountWith({})], expected: [/carries no ACK kubeconfig inventory/] },
  ]);
  test('the evidence says how many days the certificate is still valid', () => {
    const f = run('ack.kubeconfig-long-lived', [accountWith(inventory(kc('2001', 'RamUser', { certExpireTime: '2029-03-01T00:00:00Z' })))])
      .findings[0];
    assert.equal(f?.severity, 'medium');
    assert.equal((f?.evidence[0]?.kind === 'object' ? (f.evidence[0].value as { validDays: number }) : undefined)?.validDays, 821);
  });
});

describe('ram.console-without-mfa and the MFA-at-login preference', () => {
  const noMfa = user('no-mfa', '1', { loginProfile: { enabled: true } });
  test('mandatory MFA at login is noted on the finding, which stands (the next sign-in binds a device with the password alone)', () => {
    const f = run('ram.console-without-mfa', [accountWith({ securityPreference: { mfaOperationForLogin: 'mandatory' } }), noMfa]).findings;
    assert.equal(f.length, 1);
    const last = f[0]?.evidence.at(-1);
    assert.ok(last?.kind === 'object');
    assert.equal(last.field, 'securityPreference.mfaOperationForLogin');
    assert.match(JSON.stringify(last.value), /"setting":"mandatory".*binds one at the next sign-in/);
  });
  test('without the preference in the source, the evidence is the user alone', () => {
    const f = run('ram.console-without-mfa', [accountWith({}), noMfa]).findings;
    assert.deepEqual(
      f[0]?.evidence.map((e) => (e.kind === 'object' ? e.field : e.kind)),
      ['loginProfile', 'mfaEnabled'],
    );
  });
});
