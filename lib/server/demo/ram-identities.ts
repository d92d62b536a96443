// The identities the demo RAM account (demo-ram) and the demo ACK cluster (demo-cluster) share:
// RAM user UIDs that ACK-style bindings name, the cluster id behind the RRSA OIDC provider, and
// the workload whose service account assumes a RAM role. Invented; see ram-account.ts.
import type { DemoWeek } from './tenant-layer';

export const DEMO_RAM_ACCOUNT_ID = '1987654321098765';
/** The demo cluster's ACK cluster id: its RRSA provider is ack-rrsa-<id>, and the link's cluster ref. */
export const DEMO_ACK_CLUSTER_ID = 'c-demo1234';
export const DEMO_RRSA_ISSUER = `https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/${DEMO_ACK_CLUSTER_ID}`;
export const DEMO_RRSA_PROVIDER_ARN = `acs:ram::${DEMO_RAM_ACCOUNT_ID}:oidc-provider/ack-rrsa-${DEMO_ACK_CLUSTER_ID}`;

export interface DemoRamPerson {
  userName: string;
  uid: string;
  displayName: string;
  /** Whether the RAM user exists in that week. */
  inRam(week: DemoWeek): boolean;
}

const always = () => true;

export const DEMO_RAM_PEOPLE = {
  /** Platform lead: cluster admin through ACK (cs:admin). */
  liWei: { userName: 'li.wei', uid: '271828182845904523', displayName: 'Li Wei (platform)', inRam: always },
  /** Payments developer: cs:dev in team-payments. */
  zhangMin: { userName: 'zhang.min', uid: '314159265358979323', displayName: 'Zhang Min (payments)', inRam: always },
  /** ML developer, onboarded in week 2 with the team-ml namespace. */
  zhaoLei: { userName: 'zhao.lei', uid: '141421356237309504', displayName: 'Zhao Lei (ML)', inRam: (week: DemoWeek) => week >= 2 },
  /** A contractor whose RAM user is deleted in week 3; the cluster binding stays behind. */
  chenJie: { userName: 'chen.jie', uid: '161803398874989484', displayName: 'Chen Jie (contractor)', inRam: (week: DemoWeek) => week <= 2 },
  /** A break-glass user with AdministratorAccess, console login and no MFA. */
  breakGlass: { userName: 'ops-breakglass', uid: '173205080756887729', displayName: 'Break-glass admin', inRam: always },
} satisfies Record<string, DemoRamPerson>;

/** The RRSA workload: namespace labeled for injection, SA annotated with the role name. */
export const DEMO_RRSA_WORKLOAD = { namespace: 'cloud-sync', serviceAccount: 'oss-backup', roleName: 'oss-backup-rrsa' } as const;
