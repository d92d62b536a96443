// A synthetic Alibaba Cloud RAM account for the bench, as the RAM collector stores one: one
// CloudAccount, CloudUsers, CloudGroups, CloudRoles and CloudPolicy objects (lib/core/ram/model.ts),
// all a pure function of the seed. Policies have 3-10 statements drawn from the shapes the real
// fixtures show (fixtures/real-world-ram): service-scoped read/write action lists and wildcards,
// region- and instance-scoped resources, some Deny carve-outs, a little NotAction, and conditions
// on acs:SourceIp, acs:MFAPresent, acs:SecureTransport, acs:CurrentTime and resource tags.
import { canonicalJson, sha256Hex } from '../../lib/core/kube/canonical-json';
import type {
  CloudAccountBody,
  CloudGroupBody,
  CloudPolicyBody,
  CloudRoleBody,
  CloudUserBody,
  PolicyAttachment,
} from '../../lib/core/ram/model';
import type { JsonObject, JsonValue, StoredObject } from '../../lib/core/snapshot/types';
import { Rng } from './prng';

export interface RamTierSpec {
  users: number;
  roles: number;
  customPolicies: number;
  groups: number;
}

export const RAM_TIERS = {
  'ram-small': { users: 50, roles: 100, customPolicies: 200, groups: 10 },
  'ram-medium': { users: 500, roles: 1000, customPolicies: 1500, groups: 60 },
  'ram-large': { users: 5000, roles: 5000, customPolicies: 5000, groups: 300 },
} as const satisfies Record<string, RamTierSpec>;
export type RamTierName = keyof typeof RAM_TIERS;

export function isRamTierName(name: string): name is RamTierName {
  return Object.hasOwn(RAM_TIERS, name);
}

export const ACCOUNT_ID = '1234567890123456';
export const REGIONS = ['cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'cn-qingdao', 'cn-shenzhen', 'ap-southeast-1'];

/** Services with their resource type and the verbs and nouns their actions are made of. */
export const SERVICES: Record<string, { resource: string; nouns: readonly string[] }> = {
  ecs: { resource: 'instance', nouns: ['Instance', 'Instances', 'Disk', 'Disks', 'SecurityGroup', 'Snapshot', 'Image', 'Tags'] },
  oss: { resource: 'bucket', nouns: ['Object', 'Bucket', 'BucketAcl', 'ObjectAcl', 'BucketInfo'] },
  rds: { resource: 'dbinstance', nouns: ['DBInstance', 'DBInstances', 'Database', 'Account', 'Backup'] },
  cs: { resource: 'cluster', nouns: ['Cluster', 'Clusters', 'ClusterNodes', 'UserPermission', 'NodePool'] },
  vpc: { resource: 'vpc', nouns: ['Vpc', 'Vpcs', 'VSwitch', 'VSwitches', 'RouteTable', 'EipAddress'] },
  slb: { resource: 'loadbalancer', nouns: ['LoadBalancer', 'LoadBalancers', 'Listener', 'ServerCertificate'] },
  kms: { resource: 'key', nouns: ['Key', 'Secret', 'SecretValue', 'Alias'] },
  log: { resource: 'project', nouns: ['Project', 'LogStore', 'Index', 'MachineGroup'] },
  fc: { resource: 'services', nouns: ['Function', 'Functions', 'Service', 'Trigger'] },
  cr: { resource: 'instance', nouns: ['Repository', 'Repositories', 'Namespace', 'Image'] },
  ess: { resource: 'scalinggroup', nouns: ['ScalingGroup', 'ScalingGroups', 'ScalingRule', 'ScalingConfiguration'] },
  alidns: { resource: 'domain', nouns: ['DomainRecord', 'DomainRecords', 'Domain', 'Domains'] },
  ram: { resource: 'user', nouns: ['User', 'Users', 'Role', 'Roles', 'Policy', 'AccessKey'] },
};
/** The long tail of RAM codes: real services whose policies look alike. */
for (const service of [
  'r-kvstore',
  'dds',
  'polardb',
  'nas',
  'cdn',
  'yundun-waf',
  'ons',
  'alikafka',
  'dts',
  'eci',
  'arms',
  'cms',
  'emr',
  'elasticsearch',
  'gpdb',
  'hbase',
  'mse',
  'apigateway',
  'pvtz',
  'ga',
  'cen',
  'ddoscoo',
  'sae',
  'dataworks',
  'maxcompute',
]) {
  SERVICES[service] = { resource: 'instance', nouns: ['Instance', 'Instances', 'InstanceAttribute', 'Config', 'Tags', 'Backup'] };
}
const SERVICE_NAMES = Object.keys(SERVICES);
export const READ_VERBS = ['Describe', 'List', 'Get', 'Query'];
export const WRITE_VERBS = ['Create', 'Delete', 'Modify', 'Update', 'Start', 'Stop', 'Attach', 'Detach', 'Put'];

function stored(kind: StoredObject['kind'], namespace: string, name: string, body: object): StoredObject {
  const b = body as JsonObject;
  return { kind, namespace, name, body: b, hash: sha256Hex(canonicalJson(b)) };
}

/** A resource ARN of the service: a region, the account, a resource id (numbered so queries can hit it). */
export function resourceArn(rng: Rng, service: string): string {
  const spec = SERVICES[service] ?? { resource: 'resource', nouns: [] };
  if (service === 'oss') return `acs:oss:*:${ACCOUNT_ID}:bucket-${rng.int(200)}/data/${rng.int(50)}.bin`;
  if (service === 'ram') return `acs:ram:*:${ACCOUNT_ID}:${spec.resource}/u-${rng.int(500)}`;
  return `acs:${service}:${rng.pick(REGIONS)}:${ACCOUNT_ID}:${spec.resource}/${service}-${rng.int(500)}`;
}

function resourcePattern(rng: Rng, service: string): string | string[] {
  const spec = SERVICES[service] ?? { resource: 'resource', nouns: [] };
  const r = rng.float();
  if (r < 0.45) return '*';
  if (service === 'oss') return [`acs:oss:*:*:bucket-${rng.int(200)}`, `acs:oss:*:*:bucket-${rng.int(200)}/*`];
  if (r < 0.7) return `acs:${service}:${rng.pick(REGIONS)}:*:${spec.resource}/*`;
  if (r < 0.85) return `acs:${service}:*:${ACCOUNT_ID}:${spec.resource}/${service}-${rng.int(500)}`;
  return `acs:${service}:*:*:${spec.resource}/${service}-${rng.int(50)}*`;
}

function actionList(rng: Rng, service: string, write: boolean): string[] {
  const spec = SERVICES[service] ?? { resource: '', nouns: ['Thing'] };
  const r = rng.float();
  if (r < 0.15) return [`${service}:*`];
  if (r < 0.4) return (write ? rng.sample(WRITE_VERBS, 2) : rng.sample(READ_VERBS, 2)).map((v) => `${service}:${v}*`);
  const verbs = write ? WRITE_VERBS : READ_VERBS;
  return Array.from({ length: rng.between(1, 6) }, () => `${service}:${rng.pick(verbs)}${rng.pick(spec.nouns)}`);
}

function condition(rng: Rng): JsonObject | undefined {
  const r = rng.float();
  if (r < 0.75) return undefined;
  if (r < 0.82) return { IpAddress: { 'acs:SourceIp': [`10.${rng.int(256)}.0.0/16`, `192.168.${rng.int(256)}.0/24`] } };
  if (r < 0.88) return { Bool: { 'acs:MFAPresent': 'true' } };
  if (r < 0.92) return { Bool: { 'acs:SecureTransport': 'true' } };
  if (r < 0.96) return { StringEquals: { [`acs:ResourceTag/team`]: rng.pick(['dev', 'ops', 'data', 'web']) } };
  return { DateLessThan: { 'acs:CurrentTime': `202${rng.int(10)}-0${rng.between(1, 9)}-1${rng.int(10)}T17:00:00+08:00` } };
}

function statement(rng: Rng, services: readonly string[]): JsonObject {
  const service = rng.pick(services);
  const deny = rng.chance(0.1);
  const s: JsonObject = { Effect: deny ? 'Deny' : 'Allow' };
  if (!deny && rng.chance(0.003)) s.NotAction = [`${service}:*`, 'ram:*'];
  else s.Action = actionList(rng, service, deny || rng.chance(0.45));
  s.Resource = resourcePattern(rng, service);
  const c = condition(rng);
  if (c !== undefined) s.Condition = c;
  return s;
}

/** A custom policy is about one or two services, as the real ones are (fixtures/real-world-ram). */
function customPolicy(rng: Rng, i: number): StoredObject {
  const services = rng.sample(SERVICE_NAMES, rng.between(1, 2));
  const statements = Array.from({ length: rng.between(3, 10) }, () => statement(rng, services));
  const body: CloudPolicyBody = {
    policyType: 'Custom',
    defaultVersion: `v${rng.between(1, 5)}`,
    document: { Version: '1', Statement: statements },
  };
  return stored('CloudPolicy', 'Custom', `custom-policy-${i}`, body);
}

/** A few system policies in the shapes Alibaba publishes (ram-semantics.md A5). */
function systemPolicies(): StoredObject[] {
  const docs: Record<string, JsonValue[]> = {
    AdministratorAccess: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    ReadOnlyAccess: [{ Effect: 'Allow', Action: ['*:Describe*', '*:List*', '*:Get*', '*:Query*'], Resource: '*' }],
    AliyunECSFullAccess: [
      { Effect: 'Allow', Action: 'ecs:*', Resource: '*' },
      { Effect: 'Allow', Action: 'vpc:Describe*', Resource: '*' },
    ],
    AliyunOSSReadOnlyAccess: [{ Effect: 'Allow', Action: ['oss:Get*', 'oss:List*'], Resource: '*' }],
    AliyunCSFullAccess: [{ Effect: 'Allow', Action: 'cs:*', Resource: '*' }],
    AliyunRAMReadOnlyAccess: [{ Effect: 'Allow', Action: ['ram:Get*', 'ram:List*', 'ram:GenerateCredentialReport'], Resource: '*' }],
  };
  return Object.entries(docs).map(([name, statements]) =>
    stored('CloudPolicy', 'System', name, {
      policyType: 'System',
      defaultVersion: 'v1',
      document: { Version: '1', Statement: statements },
    } satisfies CloudPolicyBody),
  );
}

const SYSTEM_WEIGHTS: [string, number][] = [
  ['AdministratorAccess', 0.01],
  ['ReadOnlyAccess', 0.04],
  ['AliyunECSFullAccess', 0.05],
  ['AliyunOSSReadOnlyAccess', 0.05],
  ['AliyunCSFullAccess', 0.03],
  ['AliyunRAMReadOnlyAccess', 0.03],
];

function attachments(rng: Rng, customs: number, min: number, max: number): PolicyAttachment[] {
  const out: PolicyAttachment[] = [];
  for (const [name, p] of SYSTEM_WEIGHTS)
    if (rng.chance(p)) out.push({ policyType: 'System', policyName: name, scope: { kind: 'account' } });
  const picked = new Set(Array.from({ length: rng.between(min, max) }, () => rng.int(customs)));
  for (const i of picked) out.push({ policyType: 'Custom', policyName: `custom-policy-${i}`, scope: { kind: 'account' } });
  return out;
}

function trustPolicy(rng: Rng, i: number): JsonObject {
  const r = rng.float();
  const s: JsonObject = { Effect: 'Allow', Action: 'sts:AssumeRole' };
  if (r < 0.4) s.Principal = { RAM: [`acs:ram::${ACCOUNT_ID}:root`] };
  else if (r < 0.7) s.Principal = { Service: [rng.pick(['ecs.aliyuncs.com', 'fc.aliyuncs.com', 'cs.aliyuncs.com'])] };
  else {
    // RRSA (ram-semantics.md A4): the cluster's OIDC provider, one service account per role.
    s.Principal = { Federated: [`acs:ram::${ACCOUNT_ID}:oidc-provider/ack-rrsa-c${i % 20}`] };
    s.Condition = { StringEquals: { 'oidc:aud': 'sts.aliyuncs.com', 'oidc:sub': `system:serviceaccount:ns-${i % 40}:sa-${i}` } };
  }
  return { Version: '1', Statement: [s] };
}

/** The account's stored objects for a tier. */
export function generateRamAccount(spec: RamTierSpec, seed: number): StoredObject[] {
  const rng = new Rng(seed);
  const policyRng = rng.fork('policies');
  const out: StoredObject[] = [
    stored('CloudAccount', '', ACCOUNT_ID, { provider: 'alibaba', accountId: ACCOUNT_ID, alias: 'bench' } satisfies CloudAccountBody),
  ];
  out.push(...systemPolicies());
  for (let i = 0; i < spec.customPolicies; i++) out.push(customPolicy(policyRng, i));
  const groupRng = rng.fork('groups');
  for (let g = 0; g < spec.groups; g++) {
    const body: CloudGroupBody = { groupId: `g-${g}`, attachedPolicies: attachments(groupRng, spec.customPolicies, 1, 3) };
    out.push(stored('CloudGroup', '', `group-${g}`, body));
  }
  const userRng = rng.fork('users');
  for (let u = 0; u < spec.users; u++) {
    const groups = [...new Set(Array.from({ length: userRng.between(0, 3) }, () => `group-${userRng.int(spec.groups)}`))];
    const body: CloudUserBody = {
      userId: `2${String(u).padStart(15, '0')}`,
      arn: `acs:ram::${ACCOUNT_ID}:user/user-${u}`,
      groups,
      attachedPolicies: attachments(userRng, spec.customPolicies, 0, 3),
      accessKeys: [],
      loginProfile: null,
      mfaEnabled: userRng.chance(0.6),
    };
    out.push(stored('CloudUser', '', `user-${u}`, body));
  }
  const roleRng = rng.fork('roles');
  for (let r = 0; r < spec.roles; r++) {
    const body: CloudRoleBody = {
      roleId: `3${String(r).padStart(15, '0')}`,
      arn: `acs:ram::${ACCOUNT_ID}:role/role-${r}`,
      trustPolicy: trustPolicy(roleRng, r),
      attachedPolicies: attachments(roleRng, spec.customPolicies, 1, 3),
    };
    out.push(stored('CloudRole', '', `role-${r}`, body));
  }
  return out;
}

/** A who-can query: a concrete action on a concrete resource, as a user would ask. */
export function randomRamQuery(rng: Rng): { action: string; resource: string } {
  const service = rng.pick(SERVICE_NAMES);
  const spec = SERVICES[service] ?? { resource: '', nouns: ['Thing'] };
  const verb = rng.chance(0.5) ? rng.pick(READ_VERBS) : rng.pick(WRITE_VERBS);
  return { action: `${service}:${verb}${rng.pick(spec.nouns)}`, resource: resourceArn(rng, service) };
}
