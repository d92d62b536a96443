// The indexed who-can must give exactly the naive answer (every principal, every policy) on an
// account built from the real RAM identity policies, attached at random (seeded) to users, groups
// and roles, at account and resource-group scope.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredObject } from '../../snapshot/types';
import { buildCloudAccount, cloudWhoCan, naiveCloudWhoCan } from '.';
import { account, attach, fixture, group, policy, role, user } from './testdata/objects';

const TRUST_OR_RESOURCE = /^(trust-|rrsa-trust|kube2ram|oss-bucket-policy|sls-project|vpc-gateway|rd-control)/;
const names = readdirSync(join(import.meta.dirname, '..', '..', '..', '..', 'fixtures', 'real-world-ram'))
  .filter((f) => f.endsWith('.json') && !TRUST_OR_RESOURCE.test(f))
  .map((f) => f.replace(/\.json$/, ''));

function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

function build(seed: number): StoredObject[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const scope = () =>
    r() < 0.15 ? { kind: 'resource-group' as const, resourceGroupId: pick(['rg-1', 'rg-2']) } : { kind: 'account' as const };
  const attachments = (n: number) => Array.from({ length: n }, () => attach(pick(names), 'Custom', scope()));
  const objects: StoredObject[] = [account(), ...names.map((n) => policy(n, fixture(n)))];
  const groups = Array.from({ length: 20 }, (_, i) => `g${i}`);
  for (const g of groups) objects.push(group(g, { attachedPolicies: attachments(Math.floor(r() * 3)) }));
  for (let i = 0; i < 150; i++) {
    objects.push(
      user(`u${i}`, `${2000 + i}`, {
        groups: [pick(groups), pick(groups)].filter((g, j, a) => a.indexOf(g) === j),
        attachedPolicies: attachments(Math.floor(r() * 3)),
      }),
    );
  }
  for (let i = 0; i < 60; i++)
    objects.push(role(`r${i}`, `${9000 + i}`, fixture('trust-service-ecs'), { attachedPolicies: attachments(1 + Math.floor(r() * 2)) }));
  return objects;
}

const REQUESTS = [
  ['ecs:DescribeInstances', '*'],
  ['ecs:AuthorizeSecurityGroup', 'acs:ecs:cn-qingdao:1:securitygroup/sg-1'],
  ['ecs:DeleteInstance', 'acs:ecs:cn-hangzhou:1:instance/i-1'],
  ['cs:DescribeClusters', '*'],
  ['cs:DeleteCluster', 'acs:cs:*:1:cluster/c1'],
  ['oss:GetObject', 'acs:oss:*:*:mybucket/dir/a.txt'],
  ['oss:ListObjects', 'acs:oss:*:*:mybucket'],
  ['bss:DescribeOrders', '*'],
  ['ram:CreateAccessKey', 'acs:ram:*:*:user/alice'],
  ['kms:GetSecretValue', '*'],
  ['rds:ModifyDBInstanceSpec', '*'],
  ['vpc:DescribeVpcs', '*'],
  ['ECS:describeinstances', '*'],
  ['nothing:AtAll', '*'],
] as const;

test('indexed who-can equals the naive scan on 150 users, 20 groups, 60 roles', () => {
  const acct = buildCloudAccount(build(7));
  assert.deepEqual(acct.errors, []);
  let nonEmpty = 0;
  for (const [action, resource] of REQUESTS) {
    for (const resourceGroupId of [undefined, 'rg-1']) {
      const request = { action, resource, ...(resourceGroupId ? { resourceGroupId } : {}) };
      const fast = cloudWhoCan(acct, request);
      assert.deepEqual(fast, naiveCloudWhoCan(acct, request), `${action} ${resource} ${resourceGroupId ?? ''}`);
      if (fast.principals.length > 0) nonEmpty++;
    }
  }
  assert.ok(nonEmpty >= 10, `the requests exercise real grants (${nonEmpty} non-empty answers)`);
});
