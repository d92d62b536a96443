// fixtures/ram-account/example.json with every account-level input a RAM snapshot reads (password
// policy, security preferences, security report, resource-group attachments, one ACK cluster's
// kubeconfig inventory), in the export layout (lib/collect/ram/ram-export.ts). For the live
// collector's and the export script's tests.
import { readFileSync } from 'node:fs';

export const ACCOUNT_ID = '5123456789012345';
export const CLUSTER = 'c-f1a2b3c4d5e6';

function state(id: string, name: string, type: string, expires: string) {
  return {
    account_id: id,
    account_name: name,
    account_type: type,
    account_state: 'Active',
    cert_state: 'Unexpired',
    cert_expire_time: expires,
    revokable: true,
  };
}

/** fixtures/ram-account/example.json with every account-level input the collector reads. */
export function richAccount(): Record<string, unknown> {
  const base = JSON.parse(readFileSync('fixtures/ram-account/example.json', 'utf8')) as Record<string, unknown> & { Policies: object[] };
  return {
    ...base,
    Policies: [
      ...base.Policies,
      {
        PolicyName: 'AliyunECSFullAccess',
        PolicyType: 'System',
        DefaultVersion: 'v1',
        DefaultPolicyVersion: {
          VersionId: 'v1',
          PolicyDocument: '{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:*","Resource":"*"}]}',
        },
      },
    ],
    PasswordPolicy: { MinimumPasswordLength: 12, RequireSymbols: true, MaxPasswordAge: 90, MaxLoginAttemps: 5, HardExpiry: false },
    SecurityPreference: {
      LoginProfilePreference: { MFAOperationForLogin: 'mandatory', LoginSessionDuration: 6, LoginNetworkMasks: '' },
      AccessKeyPreference: { AllowUserToManageAccessKeys: false },
      MFAPreference: { AllowUserToManageMFADevices: true },
    },
    AccountSecurityPracticeInfo: { Score: 63, AccountSecurityPracticeUserInfo: { RootWithAccessKey: 1, SubUser: 3 } },
    PolicyAttachments: [
      // Account scope: the same grant ListPoliciesForUser lists; not taken twice.
      {
        PrincipalName: 'alice@example-corp.onaliyun.com',
        PrincipalType: 'IMSUser',
        PolicyName: 'AliyunRAMReadOnlyAccess',
        PolicyType: 'System',
        ResourceGroupId: ACCOUNT_ID,
      },
      {
        PrincipalName: 'bob@example-corp.onaliyun.com',
        PrincipalType: 'IMSUser',
        PolicyName: 'AliyunECSFullAccess',
        PolicyType: 'System',
        ResourceGroupId: 'rg-aek2teamb',
        AttachDate: '2026-10-01T00:00:00Z',
      },
      {
        PrincipalName: 'developers@group.example-corp.onaliyun.com',
        PrincipalType: 'IMSGroup',
        PolicyName: 'ecs-tag-team-dev',
        PolicyType: 'Custom',
        ResourceGroupId: 'rg-aek2teamb',
      },
      {
        PrincipalName: 'terway-eni@role.example-corp.onaliyun.com',
        PrincipalType: 'ServiceRole',
        PolicyName: 'AliyunECSFullAccess',
        PolicyType: 'System',
        ResourceGroupId: 'rg-aek2nodes',
      },
    ],
    AckClusters: [
      {
        ClusterId: CLUSTER,
        KubeconfigStates: [
          state('204512345678901234', 'alice', 'RamUser', '2029-01-01T00:00:00Z'),
          state('204599999999999999', 'mallory', 'RamUser', '2028-01-01T00:00:00Z'),
          state('381234567890123456', 'external-dns', 'RamRole', '2027-02-01T00:00:00Z'),
        ],
      },
    ],
  };
}

