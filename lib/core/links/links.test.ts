// Cluster ↔ cloud links: ACK UID subjects (linked and orphaned), RRSA confirmed by the real trust
// policy ack-ram-tool's README publishes, open-trust flags, IRSA, aws-auth, cross-layer who-can.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeList } from '../kube/normalize';
import { toClusterObjects } from '../kube/to-cluster-objects';
import type { JsonObject } from '../snapshot/types';
import { whoCan } from '../rbac';
import { buildAuthzIndex } from '../rbac/authz-index';
import { buildCloudAccount } from '../ram/account';
import { account, allow, attach, fixture, policy, role, user } from '../ram/account/testdata/objects';
import { annotateRbacWhoCan, crossLayerWhoCan, linkAwsAuth, linkCluster, openTrustFindings, parseAwsAuth, podRolesFromObjects } from '.';
import type { LinkedClusterInput } from './types';

const G = 'rbac.authorization.k8s.io';
// The published RRSA trust policy (ack-ram-tool README) names account 18*** and cluster c86fdd***.
const UID = '18***';
const CLUSTER_ID = 'c86fdd***';
const ISSUER = 'https://oidc-ack-**/c86fdd***';

function cluster(manifests: JsonObject[], extra: Partial<LinkedClusterInput> = {}): LinkedClusterInput {
  const stored = normalizeList(manifests).objects;
  return {
    source: 'ack-prod',
    clusterRef: CLUSTER_ID,
    objects: toClusterObjects(stored.map((o) => o.body)),
    podRoles: podRolesFromObjects(stored),
    ...extra,
  };
}

const sa = (namespace: string, name: string, annotations: Record<string, string>): JsonObject => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { namespace, name, annotations },
});
const ns = (name: string, labels: Record<string, string> = {}): JsonObject => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels },
});
const crb = (name: string, subject: string, roleName = 'cs:admin'): JsonObject => ({
  apiVersion: `${G}/v1`,
  kind: 'ClusterRoleBinding',
  metadata: { name },
  subjects: [{ kind: 'User', name: subject, apiGroup: G }],
  roleRef: { kind: 'ClusterRole', name: roleName, apiGroup: G },
});

const ramAccount = buildCloudAccount([
  account('alibaba', UID),
  policy('cs-delete', allow('cs:DeleteCluster')),
  user('alice', '276543210000001', { attachedPolicies: [attach('cs-delete')] }, UID),
  role('app-role', '300000000000000042', fixture('rrsa-trust-ack-ram-tool-readme'), { attachedPolicies: [attach('cs-delete')] }, UID),
  role(
    'open-role',
    '300000000000000043',
    {
      Version: '1',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: { Federated: [`acs:ram::${UID}:oidc-provider/ack-rrsa-${CLUSTER_ID}`] },
          Condition: { StringLike: { 'oidc:sub': 'system:serviceaccount:*:*' } },
        },
      ],
    },
    { attachedPolicies: [attach('cs-delete')] },
    UID,
  ),
]);

describe('ACK: RBAC User subjects that are RAM UIDs', () => {
  const c = cluster([
    {
      apiVersion: `${G}/v1`,
      kind: 'ClusterRole',
      metadata: { name: 'cs:admin' },
      rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
    },
    crb('276543210000001-clusterrolebinding', '276543210000001'),
    crb('300000000000000042-clusterrolebinding', '300000000000000042'),
    crb('299999999999999-clusterrolebinding', '299999999999999'),
    crb('jane', 'jane@example.com'),
  ]);
  const links = linkCluster(ramAccount, c);

  test('UserId and RoleId subjects are linked; a UID nobody has is an orphaned binding, named', () => {
    assert.deepEqual(
      links.ack.linked.map((l) => `${l.binding.name} -> ${l.identity.kind}/${l.identity.name}`),
      ['276543210000001-clusterrolebinding -> user/alice', '300000000000000042-clusterrolebinding -> role/app-role'],
    );
    assert.deepEqual(
      links.ack.orphaned.map((o) => `${o.binding.kind} ${o.binding.name}: ${o.subject}`),
      ['ClusterRoleBinding 299999999999999-clusterrolebinding: 299999999999999'],
    );
  });

  test('RBAC who-can shows the RAM identity behind a UID subject', () => {
    const answer = whoCan(buildAuthzIndex(c.objects), {
      kind: 'resource',
      verb: 'delete',
      apiGroup: '',
      resource: 'pods',
      subresource: '',
      namespace: 'default',
      name: '',
    });
    const annotated = annotateRbacWhoCan(answer, links.ack);
    const alice = annotated.subjects.find((s) => s.name === '276543210000001');
    assert.deepEqual(alice?.cloudIdentities, [{ kind: 'user', name: 'alice', arn: `acs:ram::${UID}:user/alice`, via: 'ack-subject' }]);
    assert.equal(annotated.subjects.find((s) => s.name === 'jane@example.com')?.cloudIdentities, undefined);
  });
});

describe('RRSA', () => {
  const annotation = { 'pod-identity.alibabacloud.com/role-name': 'app-role' };
  const c = cluster(
    [
      ns('test-namespace', { 'pod-identity.alibabacloud.com/injection': 'on' }),
      ns('quiet'),
      sa('test-namespace', 'test-serviceaccount', annotation),
      sa('test-namespace', 'intruder', annotation),
      sa('quiet', 'test-serviceaccount', annotation),
      sa('quiet', 'ghost', { 'pod-identity.alibabacloud.com/role-name': 'no-such-role' }),
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { namespace: 'apps', name: 'worker-1' },
        spec: {
          serviceAccountName: 'any',
          containers: [
            {
              name: 'main',
              image: 'x',
              env: [
                { name: 'ALIBABA_CLOUD_ROLE_ARN', value: `acs:ram::${UID}:role/open-role` },
                { name: 'SECRET', value: 'dropped' },
              ],
            },
          ],
        },
      },
    ],
    { issuer: ISSUER },
  );
  const links = linkCluster(ramAccount, c);
  const brief = links.workloads.map((w) => `${w.namespace}/${w.serviceAccount} -> ${w.role}: ${w.status}`);

  test('the trust policy confirms exactly the SA it names; injection and missing roles are told apart', () => {
    assert.deepEqual(brief, [
      'apps/any -> open-role: confirmed',
      'quiet/ghost -> no-such-role: role-missing',
      'quiet/test-serviceaccount -> app-role: not-trusted',
      'test-namespace/intruder -> app-role: not-trusted',
      'test-namespace/test-serviceaccount -> app-role: confirmed',
    ]);
    const confirmed = links.workloads.find((w) => w.serviceAccount === 'test-serviceaccount' && w.namespace === 'test-namespace');
    assert.equal(confirmed?.trust?.issuerChecked, true);
    assert.deepEqual(
      confirmed?.trust?.statements.map((s) => [s.index, s.conditions]),
      [[1, 'met']],
    );
    assert.match(links.problems.join('\n'), /quiet\/ghost of ack-prod names role no-such-role/);
  });

  test('without the injection label on the namespace or a pod, a trusted SA gets no token', () => {
    const status = (manifests: JsonObject[]) =>
      linkCluster(
        ramAccount,
        cluster([sa('test-namespace', 'test-serviceaccount', annotation), ...manifests], { issuer: ISSUER }),
      ).workloads.map((w) => [w.status, w.evidence]);
    assert.deepEqual(status([ns('test-namespace')]), [['injection-off', [{ kind: 'rrsa-annotation', injection: 'off' }]]]);
    const pod: JsonObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { namespace: 'test-namespace', name: 'p', labels: { 'pod-identity.alibabacloud.com/injection': 'on' } },
      spec: { serviceAccountName: 'test-serviceaccount' },
    };
    assert.deepEqual(status([ns('test-namespace'), pod]), [['confirmed', [{ kind: 'rrsa-annotation', injection: 'pod' }]]]);
  });

  test('a wrong issuer is not trusted; an unknown issuer is taken from the trust policy and said so', () => {
    const wrong = linkCluster(ramAccount, { ...c, issuer: 'https://evil.example.com' });
    assert.equal(
      wrong.workloads.find((w) => w.namespace === 'test-namespace' && w.serviceAccount === 'test-serviceaccount')?.status,
      'not-trusted',
    );
    const { issuer: _unused, ...noIssuer } = c;
    const unknown = linkCluster(ramAccount, noIssuer).workloads.find(
      (w) => w.namespace === 'test-namespace' && w.serviceAccount === 'test-serviceaccount',
    );
    assert.equal(unknown?.status, 'confirmed');
    assert.equal(unknown?.trust?.issuerChecked, false);
  });

  test('pod env keeps only the role variable', () => {
    assert.deepEqual(
      podRolesFromObjects(
        normalizeList([
          {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { namespace: 'a', name: 'p' },
            spec: { containers: [{ name: 'c', env: [{ name: 'ALIBABA_CLOUD_ROLE_ARN', value: 'acs:ram::1:role/r' }] }] },
          },
        ]).objects,
      ),
      [{ namespace: 'a', name: 'p', serviceAccountName: 'default', roleArn: 'acs:ram::1:role/r' }],
    );
  });

  test('open trust: wildcard subject and missing audience are flagged; the published trust is not', () => {
    const findings = openTrustFindings(ramAccount).map((f) => `${f.role}#${f.statementIndex}: ${f.reason.split(':')[0]}`);
    assert.deepEqual(findings, ['open-role#0: StringLike system', 'open-role#0: no audience (oidc']);
    const assoc = buildCloudAccount([account('alibaba', '113***'), role('r', '1', fixture('rrsa-trust-associate-role'), {}, '113***')]);
    assert.deepEqual(openTrustFindings(assoc), []);
    const noSub = buildCloudAccount([
      account('alibaba', UID),
      role(
        'r',
        '1',
        {
          Version: '1',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'sts:AssumeRole',
              Principal: { Federated: `acs:ram::${UID}:oidc-provider/ack-rrsa-x` },
              Condition: { StringEquals: { 'oidc:aud': 'sts.aliyuncs.com' } },
            },
          ],
        },
        {},
        UID,
      ),
    ]);
    assert.match(openTrustFindings(noSub)[0]?.reason ?? '', /every service account of the cluster/);
  });

  test('cross-layer who-can: RAM principals plus the SAs that can assume a granting role, with full paths', () => {
    const answer = crossLayerWhoCan(ramAccount, { action: 'cs:DeleteCluster', resource: `acs:cs:*:${UID}:cluster/c1` }, links.workloads);
    assert.deepEqual(
      answer.principals.map((p) => `${p.kind}:${p.namespace ? `${p.namespace}/` : ''}${p.name}:${p.decision}`),
      [
        'CloudUser:alice:Allow',
        'CloudRole:app-role:Allow',
        'CloudRole:open-role:Allow',
        'ServiceAccount:apps/any:Allow',
        'ServiceAccount:test-namespace/test-serviceaccount:Allow',
      ],
    );
    const sa = answer.principals.find((p) => p.name === 'test-serviceaccount');
    assert.deepEqual(sa?.paths, [
      [
        { kind: 'ServiceAccount', cluster: 'ack-prod', namespace: 'test-namespace', name: 'test-serviceaccount' },
        { kind: 'AssumeRole', via: 'rrsa', role: 'app-role' },
        { kind: 'CloudRole', name: 'app-role' },
        { kind: 'CloudPolicy', type: 'Custom', name: 'cs-delete', version: 'v1' },
      ],
    ]);
  });
});

describe('AWS: IRSA and aws-auth', () => {
  const acct = '111122223333';
  const issuer = 'https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
  const host = 'oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
  const awsRole = (name: string, sub: string) =>
    role(
      name,
      `AROA${name}`,
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: `arn:aws:iam::${acct}:oidc-provider/${host}` },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: { StringEquals: { [`${host}:sub`]: sub, [`${host}:aud`]: 'sts.amazonaws.com' } },
          },
        ],
      },
      { arn: `arn:aws:iam::${acct}:role/${name}`, attachedPolicies: [attach('S3Read', 'Customer')] },
      acct,
    );
  const iam = buildCloudAccount([
    account('aws', acct),
    policy('S3Read', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }, 'Customer'),
    awsRole('s3-reader', 'system:serviceaccount:data:reader'),
    awsRole('admin', 'system:serviceaccount:kube-system:admin'),
  ]);
  const c = cluster(
    [
      sa('data', 'reader', { 'eks.amazonaws.com/role-arn': `arn:aws:iam::${acct}:role/s3-reader` }),
      sa('data', 'sneaky', { 'eks.amazonaws.com/role-arn': `arn:aws:iam::${acct}:role/admin` }),
    ],
    { source: 'eks-prod', clusterRef: issuer },
  );

  test('IRSA: the annotation links, the trust policy with <issuer>:sub confirms', () => {
    const links = linkCluster(iam, c);
    assert.deepEqual(
      links.workloads.map((w) => `${w.mechanism} ${w.namespace}/${w.serviceAccount} -> ${w.role}: ${w.status}`),
      ['irsa data/reader -> s3-reader: confirmed', 'irsa data/sneaky -> admin: not-trusted'],
    );
    const answer = crossLayerWhoCan(iam, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }, links.workloads);
    assert.deepEqual(
      answer.principals.map((p) => `${p.kind}:${p.name}`),
      ['CloudRole:admin', 'CloudRole:s3-reader', 'ServiceAccount:reader'],
    );
  });

  test('aws-auth: mapRoles (path-less ARN) and mapUsers resolve to IAM identities', () => {
    const parsed = parseAwsAuth({
      mapRoles: `- rolearn: arn:aws:iam::${acct}:role/admin\n  username: eks-admin\n  groups: [system:masters]\n`,
      mapUsers: `- userarn: arn:aws:iam::${acct}:user/gone\n  username: gone\n  groups: []\n`,
    });
    assert.ok(parsed.ok);
    const linked = linkAwsAuth(iam, parsed.ok ? parsed.mappings : []);
    assert.deepEqual(
      linked.map((l) => [l.mapping.username, l.identity]),
      [
        ['eks-admin', { kind: 'role', name: 'admin' }],
        ['gone', null],
      ],
    );
    const bad = parseAwsAuth({ mapRoles: '- username: x\n' });
    assert.deepEqual(bad, { ok: false, error: 'aws-auth data.mapRoles[0] has no rolearn' });
  });
});
