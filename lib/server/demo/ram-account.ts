import 'server-only';
// The demo RAM account (source demo-ram): an invented Alibaba Cloud account whose policy documents
// are real ones from fixtures/real-world-ram, linked to demo-cluster as the ACK cluster c-demo1234.
// It is written in the export layout (lib/collect/ram/ram-export.ts) and built into objects the way
// a file import is, so the demo exercises the real path. What it shows:
// - RAM users bound in the cluster by UID (ack-layer.ts), one of them deleted in week 3 while its
//   binding stays (an orphaned binding);
// - an RRSA role whose trust policy names the workload's exact oidc:sub, and a role whose trust
//   policy lets any service account of the cluster assume it (StringLike system:serviceaccount:*);
// - a break-glass user with AdministratorAccess (Allow * on *), console login and no MFA;
// - drift: week 3 the oss-backup-access policy gets a broader default version, week 4 the
//   developers group gets cs:* (it may now grant itself cluster access);
// - the account-level inputs of ram-account-inputs.ts: the root account's AccessKey, a grant scoped
//   to a resource group, and ACK's kubeconfig inventory, with the deleted contractor's still valid.
import { readFileSync } from 'node:fs';
import type { StoredObject } from '../../core/snapshot/types';
import { buildRamObjects } from '../../collect/ram/build-ram-snapshot';
import { ramExportSchema, type RamExportInput } from '../../collect/ram/ram-export';
import { projectPath } from '../project-root';
import { demoAccountInputs } from './ram-account-inputs';
import {
  DEMO_RAM_ACCOUNT_ID as ACCOUNT,
  DEMO_RAM_PEOPLE,
  DEMO_RRSA_ISSUER,
  DEMO_RRSA_PROVIDER_ARN,
  DEMO_RRSA_WORKLOAD,
} from './ram-identities';
import type { DemoWeek } from './tenant-layer';

export const DEMO_RAM_SOURCE_NAME = 'demo-ram';
export const DEMO_RAM_DESCRIPTION =
  'Demo data: an invented Alibaba Cloud RAM account with real policy documents from public repositories, linked to demo-cluster (ACK cluster c-demo1234).';

type Attachment = { PolicyType: 'System' | 'Custom'; PolicyName: string; DefaultVersion: string; AttachDate: string };
type Document = Record<string, unknown>;

const att = (PolicyType: Attachment['PolicyType'], PolicyName: string, AttachDate: string): Attachment => ({
  PolicyType,
  PolicyName,
  DefaultVersion: 'v1',
  AttachDate,
});

/** A policy document copied into fixtures/real-world-ram (see its README for source and license). */
function realDocument(file: string): Document {
  return JSON.parse(readFileSync(projectPath('fixtures', 'real-world-ram', file), 'utf8')) as Document;
}

function users(week: DemoWeek): RamExportInput['Users'] {
  const { liWei, zhangMin, zhaoLei, chenJie, breakGlass } = DEMO_RAM_PEOPLE;
  const login = (mfa: boolean) => ({ PasswordResetRequired: false, MFABindRequired: mfa, CreateDate: '2025-03-01T02:00:00Z' });
  const key = (id: string, created: string, lastUsed?: string) => ({
    AccessKeyId: id,
    Status: 'Active' as const,
    CreateDate: created,
    LastUsedDate: lastUsed,
  });
  const all = [
    { person: liWei, Groups: ['platform'], Policies: [], keys: [], login: login(true), mfa: true },
    {
      person: zhangMin,
      Groups: ['developers'],
      Policies: [],
      keys: [key('LTAI5tDemoZhangMin001', '2025-04-02T03:00:00Z', '2026-11-20T09:00:00Z')],
      login: login(false),
      mfa: false,
    },
    { person: zhaoLei, Groups: ['developers'], Policies: [], keys: [], login: login(false), mfa: false },
    {
      person: chenJie,
      Groups: ['developers'],
      Policies: [],
      keys: [key('LTAI5tDemoChenJie0001', '2025-08-01T03:00:00Z')],
      login: null,
      mfa: false,
    },
    {
      person: breakGlass,
      Groups: [],
      Policies: [att('System', 'AdministratorAccess', '2025-03-01T02:05:00Z')],
      keys: [],
      login: login(false),
      mfa: false,
    },
  ];
  return all
    .filter((u) => u.person.inRam(week))
    .map((u) => ({
      UserName: u.person.userName,
      UserId: u.person.uid,
      DisplayName: u.person.displayName,
      CreateDate: '2025-03-01T02:00:00Z',
      Groups: u.Groups.map((GroupName) => ({ GroupName })),
      Policies: u.Policies,
      AccessKeys: u.keys,
      LoginProfile: u.login,
      MFADevice: u.mfa ? { SerialNumber: `acs:ram::${ACCOUNT}:mfa/${u.person.userName}`, Type: 'VMFA' } : null,
    }));
}

function groups(week: DemoWeek): RamExportInput['Groups'] {
  const developers = [
    att('Custom', 'cs-describe-clusters', '2025-03-02T02:00:00Z'),
    att('Custom', 'ecs-tag-team-dev', '2025-03-02T02:00:00Z'),
  ];
  // Week 4: "so developers can see their clusters' settings": cs:* lets them grant themselves cluster roles.
  if (week >= 4) developers.push(att('Custom', 'ack-ram-tool-rbac-required', '2026-11-24T10:00:00Z'));
  return [
    {
      GroupName: 'platform',
      GroupId: '3198765432101',
      Comments: 'Platform team',
      CreateDate: '2025-03-01T02:00:00Z',
      Policies: [att('System', 'AliyunRAMReadOnlyAccess', '2025-03-01T02:01:00Z')],
    },
    {
      GroupName: 'developers',
      GroupId: '3198765432102',
      Comments: 'Application developers',
      CreateDate: '2025-03-01T02:00:00Z',
      Policies: developers,
    },
  ];
}

/** ack-ram-tool's RRSA trust statement (rrsa-trust-associate-role.json) for one service account. */
function rrsaTrust(sub: string, operator: 'StringEquals' | 'StringLike'): Document {
  const condition = { 'oidc:aud': 'sts.aliyuncs.com', 'oidc:iss': DEMO_RRSA_ISSUER, 'oidc:sub': sub };
  const conditions =
    operator === 'StringEquals'
      ? { StringEquals: condition }
      : { StringEquals: { 'oidc:aud': condition['oidc:aud'], 'oidc:iss': condition['oidc:iss'] }, StringLike: { 'oidc:sub': sub } };
  return {
    Statement: [{ Action: 'sts:AssumeRole', Condition: conditions, Effect: 'Allow', Principal: { Federated: [DEMO_RRSA_PROVIDER_ARN] } }],
    Version: '1',
  };
}

function roles(): RamExportInput['Roles'] {
  const { namespace, serviceAccount, roleName } = DEMO_RRSA_WORKLOAD;
  const role = (RoleName: string, RoleId: string, Description: string, trust: Document, Policies: Attachment[]) => ({
    RoleName,
    RoleId,
    Arn: `acs:ram::${ACCOUNT}:role/${RoleName}`,
    Description,
    CreateDate: '2025-05-01T02:00:00Z',
    MaxSessionDuration: 3600,
    AssumeRolePolicyDocument: JSON.stringify(trust),
    Policies,
  });
  const ecsTrust = realDocument('trust-service-ecs.json');
  return [
    role(
      roleName,
      '300000000000000001',
      `RRSA role of ${namespace}/${serviceAccount}`,
      rrsaTrust(`system:serviceaccount:${namespace}:${serviceAccount}`, 'StringEquals'),
      [att('Custom', 'oss-backup-access', '2025-05-01T02:01:00Z')],
    ),
    role(
      'ack-shared-workload',
      '300000000000000002',
      'Shared role "for any workload that needs the registry"',
      rrsaTrust('system:serviceaccount:*', 'StringLike'),
      [att('Custom', 'registry-push', '2025-05-01T02:01:00Z')],
    ),
    role('terway-eni', '300000000000000003', 'ECS instance role for Terway', ecsTrust, [
      att('Custom', 'terway-eni', '2025-05-01T02:01:00Z'),
    ]),
  ];
}

function policies(week: DemoWeek): RamExportInput['Policies'] {
  const custom = (PolicyName: string, Description: string, document: Document, version = 'v1', date = '2025-03-01T01:00:00Z') => ({
    PolicyName,
    PolicyType: 'Custom' as const,
    Description,
    DefaultVersion: version,
    CreateDate: '2025-03-01T01:00:00Z',
    UpdateDate: date,
    DefaultPolicyVersion: { VersionId: version, IsDefaultVersion: true, CreateDate: date, PolicyDocument: JSON.stringify(document) },
  });
  const system = (PolicyName: string, Description: string, version: string, document: Document) => ({
    PolicyName,
    PolicyType: 'System' as const,
    Description,
    DefaultVersion: version,
    UpdateDate: '2025-12-03T00:00:00Z',
    DefaultPolicyVersion: { VersionId: version, IsDefaultVersion: true, PolicyDocument: JSON.stringify(document) },
  });
  const ossBackup = realDocument('oss-bucket-full.json');
  // Week 3: v2 "fixes" a failing restore by dropping the bucket restriction: oss:* on every bucket.
  const backup =
    week >= 3
      ? custom(
          'oss-backup-access',
          'Backups to the myphotos bucket',
          { Version: '1', Statement: [{ Effect: 'Allow', Action: 'oss:*', Resource: '*' }] },
          'v2',
          '2026-11-17T10:00:00Z',
        )
      : custom('oss-backup-access', 'Backups to the myphotos bucket', ossBackup);
  return [
    backup,
    custom('cs-describe-clusters', 'List ACK clusters', realDocument('rrsa-demo-cs-describe-clusters.json')),
    custom('ecs-tag-team-dev', 'ECS instances tagged team=dev', realDocument('ecs-tag-team-dev.json')),
    custom('ack-ram-tool-rbac-required', 'What ack-ram-tool rbac needs', realDocument('ack-ram-tool-rbac-required.json')),
    custom('registry-push', 'Container Registry pull and push', realDocument('rrsa-demo-kaniko-cr.json')),
    custom('terway-eni', 'Terway ENI mode', realDocument('terway-eni.json')),
    // AdministratorAccess's text is not published; this is its widely known effect (ram-semantics.md A5).
    system('AdministratorAccess', 'Provides full access to Alibaba Cloud services and resources.', 'v1', {
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    }),
    system('AliyunRAMReadOnlyAccess', 'Provides read-only access to Resource Access Management (RAM).', 'v3', {
      Version: '1',
      Statement: [
        { Action: ['ram:Get*', 'ram:List*', 'ram:GenerateCredentialReport'], Resource: '*', Effect: 'Allow' },
        { Action: ['accessanalyzer:Get*', 'accessanalyzer:List*'], Resource: '*', Effect: 'Allow' },
      ],
    }),
  ];
}

/** The demo account in the export layout, as scripts/export-ram-account.sh would write it. */
export function demoRamExport(week: DemoWeek): RamExportInput {
  return {
    AccountId: ACCOUNT,
    AccountAlias: 'atlas-demo',
    Users: users(week),
    Groups: groups(week),
    Roles: roles(),
    Policies: policies(week),
    ...demoAccountInputs(week),
  };
}

/** Every object of the demo RAM account in the given week. */
export function buildDemoRamAccount(week: DemoWeek): StoredObject[] {
  return buildRamObjects(ramExportSchema.parse(demoRamExport(week))).objects;
}
