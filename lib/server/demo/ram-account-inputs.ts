import 'server-only';
// The demo RAM account's account-level inputs, in the export layout (lib/collect/ram/ram-export.ts):
// a weak password policy, MFA left to each user, a root account that still has an AccessKey, an
// AdministratorAccess grant scoped to the ML team's resource group (week 2 on), and ACK's kubeconfig
// inventory of the linked cluster c-demo1234. What it shows:
// - the contractor chen.jie's certificate kubeconfig outlives his RAM user: from week 3 ACK reports the
//   identity Deleted while the certificate is unexpired (ack.kubeconfig-orphaned);
// - certificate kubeconfigs issued for ACK's default 3 years (ack.kubeconfig-long-lived), beside an
//   expired one and one that ends within the year (neither is flagged).
import type { RamExportInput } from '../../collect/ram/ram-export';
import { DEMO_ACK_CLUSTER_ID, DEMO_RAM_ACCOUNT_ID, DEMO_RAM_PEOPLE, type DemoRamPerson } from './ram-identities';
import type { DemoWeek } from './tenant-layer';

/** The ML team's resource group, where zhao.lei administers everything from week 2. */
export const DEMO_ML_RESOURCE_GROUP = 'rg-aek2demoml01';

type Inputs = Pick<
  RamExportInput,
  'PasswordPolicy' | 'SecurityPreference' | 'AccountSecurityPracticeInfo' | 'PolicyAttachments' | 'AckClusters'
>;

function kubeconfig(person: DemoRamPerson, week: DemoWeek, certExpireTime: string, certState: 'Unexpired' | 'Expired') {
  return {
    account_id: person.uid,
    account_name: person.userName,
    account_display_name: person.displayName,
    account_type: 'RamUser',
    // ACK keeps the record of a deleted identity and says so; the certificate stays valid until revoked.
    account_state: person.inRam(week) ? 'Active' : 'Deleted',
    cert_state: certState,
    cert_expire_time: certExpireTime,
    revokable: true,
  };
}

function kubeconfigStates(week: DemoWeek): NonNullable<RamExportInput['AckClusters']>[number]['KubeconfigStates'] {
  const { liWei, zhangMin, zhaoLei, chenJie } = DEMO_RAM_PEOPLE;
  const states = [
    {
      account_id: DEMO_RAM_ACCOUNT_ID,
      account_name: 'atlas-demo',
      account_type: 'RootAccount',
      account_state: 'Active',
      cert_state: 'Unexpired',
      cert_expire_time: '2028-03-01T02:30:00Z',
      revokable: true,
    },
    kubeconfig(liWei, week, '2029-01-10T08:00:00Z', 'Unexpired'),
    kubeconfig(zhangMin, week, '2026-04-02T03:00:00Z', 'Expired'),
    kubeconfig(chenJie, week, '2028-08-01T03:10:00Z', 'Unexpired'),
  ];
  // Onboarded in week 2 with a one-year certificate: valid for under a year by the time it is judged.
  if (zhaoLei.inRam(week)) states.push(kubeconfig(zhaoLei, week, '2027-11-03T09:00:00Z', 'Unexpired'));
  return states;
}

export function demoAccountInputs(week: DemoWeek): Inputs {
  return {
    PasswordPolicy: {
      MinimumPasswordLength: 8,
      RequireLowercaseCharacters: true,
      RequireUppercaseCharacters: false,
      RequireNumbers: true,
      RequireSymbols: false,
      MaxPasswordAge: 0,
      PasswordReusePrevention: 0,
      MaxLoginAttemps: 5,
      HardExpiry: false,
    },
    SecurityPreference: {
      LoginProfilePreference: { MFAOperationForLogin: 'independent', LoginSessionDuration: 6, LoginNetworkMasks: '' },
      AccessKeyPreference: { AllowUserToManageAccessKeys: false },
      MFAPreference: { AllowUserToManageMFADevices: true },
    },
    AccountSecurityPracticeInfo: { AccountSecurityPracticeUserInfo: { RootWithAccessKey: 1 } },
    PolicyAttachments:
      week >= 2
        ? [
            {
              PrincipalName: `${DEMO_RAM_PEOPLE.zhaoLei.userName}@atlas-demo.onaliyun.com`,
              PrincipalType: 'IMSUser',
              PolicyName: 'AdministratorAccess',
              PolicyType: 'System',
              ResourceGroupId: DEMO_ML_RESOURCE_GROUP,
              AttachDate: '2026-11-10T02:00:00Z',
            },
          ]
        : [],
    AckClusters: [{ ClusterId: DEMO_ACK_CLUSTER_ID, KubeconfigStates: kubeconfigStates(week) }],
  };
}
