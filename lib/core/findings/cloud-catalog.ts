// The cloud rules (Alibaba Cloud RAM and AWS IAM): one table, as catalog.ts is for Kubernetes, read
// by the engine (evaluate-cloud.ts), the UI and the exports. Permission rules ask the RAM/IAM engine
// (cloud-permissions.ts); credential and attachment rules read the users' stored bodies
// (cloud-credentials.ts); ram.trust-open reads trust policies (cloud-trust.ts). Rules whose input
// no collector gathers yet have a check that finds nothing and an `unavailable` reason naming the
// input, so they are listed in notEvaluated and never read as passing. Origins and thresholds:
// the RAM risks research of issue 14 and issue 14 (90 days for keys). Severities follow catalog.ts:
// anything in the account (critical), credentials or trust that let someone else in (high),
// hygiene that matters once something else goes wrong (medium, low).
import type { AdminStatus } from '../ram/account/admin';
import type { AccountPrincipal, CloudAccount } from '../ram/account/types';
import type { CloudObjects } from '../ram/decode-bodies';
import {
  consoleWithoutMfaDrafts,
  credentialsUnavailable,
  multipleKeyDrafts,
  oldKeyDrafts,
  policyOnUserDrafts,
  unusedKeyDrafts,
} from './cloud-credentials';
import {
  kubeconfigsUnavailable,
  longLivedKubeconfigDrafts,
  orphanedKubeconfigDrafts,
  orphanedKubeconfigsUnavailable,
} from './cloud-kubeconfig';
import { adminDrafts, dataOnStarDrafts, type CloudFindingDraft } from './cloud-permissions';
import { rootKeyDrafts, rootKeysUnavailable } from './cloud-root';
import { escalationDrafts } from './cloud-escalation';
import { orphanDrafts, orphansUnavailable, type LinkedClusterBindings } from './cloud-orphans';
import { trustOpenDrafts } from './cloud-trust';
import { workerRoleDrafts, workerRolesUnavailable } from './cloud-worker-role';
import type { RuleInfo, RuleReference } from './types';

/** What a cloud check reads: the decoded objects, the engine's account, and the evaluation time. */
export interface CloudCheckContext {
  objects: CloudObjects;
  account: CloudAccount;
  now: Date;
  /** Users and roles admin-equivalent account-wide (`CloudUser/name`): ram.data-on-star and ram.escalation leave them to that rule. */
  admins: ReadonlySet<string>;
  /** Each user's and role's admin verdict (admin.ts), when computed: ram.escalation's targets. */
  adminStatus?: ReadonlyMap<AccountPrincipal, AdminStatus>;
  /** The clusters linked to the account, with their latest usable snapshot's bindings; undefined: no link input (files). */
  linkedClusters?: readonly LinkedClusterBindings[];
}

export interface CloudFindingRule extends RuleInfo {
  /** Why the rule cannot be evaluated on this input, or undefined when it can. */
  unavailable?: (ctx: CloudCheckContext) => string | undefined;
  check: (ctx: CloudCheckContext) => CloudFindingDraft[];
}

const origin = (label: string): RuleReference => ({ label });
const AWS_BEST_PRACTICES: RuleReference = {
  label: 'AWS IAM: Security best practices',
  url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html',
};
const ACK_KUBECONFIG_STATES: RuleReference = {
  label: 'ACK: ListClusterKubeconfigStates',
  url: 'https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/developer-reference/api-cs-2015-12-15-listclusterkubeconfigstates',
};
const ACK_REVOKE_KUBECONFIG: RuleReference = {
  label: "ACK: Revoke a cluster's kubeconfig file",
  url: 'https://www.alibabacloud.com/help/en/document_detail/142602.html',
};
const RAM_POLICY_ELEMENTS: RuleReference = {
  label: 'Alibaba Cloud RAM: Policy elements',
  url: 'https://www.alibabacloud.com/help/en/ram/user-guide/policy-elements',
};

/** A certificate kubeconfig still valid this many days after the evaluation is long-lived (issue 14: more than 1 year). */
export const KUBECONFIG_MAX_VALID_DAYS = 365;

export const CLOUD_RULES: readonly CloudFindingRule[] = [
  {
    id: 'ram.admin-equivalent',
    layer: 'cloud',
    severity: 'critical',
    title: 'Admin-equivalent RAM/IAM principal',
    rationale:
      'The engine allows the principal any action, and the two escalation actions (creating a user, attaching a policy to one), on `*` and on resources no policy names, after Deny, NotAction, boundaries and conditions: whatever policies it holds, it can do and grant everything in the account (or in the resource group its attachment is scoped to). A conditional admin is admin whenever the conditions in the evidence hold.',
    references: [origin('Prowler ram_policy_no_administrative_privileges (literal `*` only)'), RAM_POLICY_ELEMENTS, AWS_BEST_PRACTICES],
    remediation:
      'Keep admin for break-glass identities with MFA; give everyone else a policy that lists the actions and resources they need. Check NotAction statements: everything but one service is still almost everything.',
    check: ({ account }) => adminDrafts(account),
  },
  {
    id: 'ram.console-without-mfa',
    layer: 'cloud',
    severity: 'high',
    title: 'Console login without MFA',
    rationale:
      'A user with an enabled console login profile and no MFA device signs in with a password alone: a leaked or guessed password is the account.',
    references: [origin('ScoutSuite ram-user-lacking-mfa'), origin('Prowler ram_user_mfa_enabled_console_access'), AWS_BEST_PRACTICES],
    remediation:
      'Bind an MFA device to the user (and require MFA at login), or remove the console login profile if the user does not need the console.',
    unavailable: ({ objects }) => credentialsUnavailable(objects),
    check: ({ objects }) => consoleWithoutMfaDrafts(objects),
  },
  {
    id: 'ram.accesskey-old',
    layer: 'cloud',
    severity: 'medium',
    title: 'Active AccessKey older than 90 days',
    rationale:
      'A long-lived AccessKey has had long to be copied into scripts, images and laptops; rotating it limits how long a leaked copy works.',
    references: [origin('Prowler ram_rotate_access_key_90_days'), origin('cloudsploit accessKeysRotation'), AWS_BEST_PRACTICES],
    remediation:
      'Create a new AccessKey, move its users to it, then disable and delete the old one; prefer roles (STS tokens, RRSA) to AccessKeys.',
    unavailable: ({ objects }) => credentialsUnavailable(objects),
    check: ({ objects, now }) => oldKeyDrafts(objects, now),
  },
  {
    id: 'ram.accesskey-unused',
    layer: 'cloud',
    severity: 'medium',
    title: 'Active AccessKey unused for 90 days',
    rationale:
      'An active key nobody has used for 90 days (or ever, since it was created over 90 days ago) grants its rights to whoever holds a copy, for no need.',
    references: [origin('Prowler ram_user_console_access_unused'), origin('ScoutSuite ram-user-unused-api-key'), AWS_BEST_PRACTICES],
    remediation: 'Disable the key, and delete it if nothing breaks.',
    unavailable: ({ objects }) => credentialsUnavailable(objects),
    check: ({ objects, now }) => unusedKeyDrafts(objects, now),
  },
  {
    id: 'ram.multiple-accesskeys',
    layer: 'cloud',
    severity: 'low',
    title: 'User with more than one active AccessKey',
    rationale: 'Two active keys usually mean a rotation left unfinished: the old key still works wherever it was copied.',
    references: [origin('ScoutSuite ram-user-with-multiple-api-keys')],
    remediation: 'Finish the rotation: disable and delete the key no longer in use.',
    unavailable: ({ objects }) => credentialsUnavailable(objects),
    check: ({ objects }) => multipleKeyDrafts(objects),
  },
  {
    id: 'ram.policy-on-user',
    layer: 'cloud',
    severity: 'low',
    title: 'Policy attached directly to a user',
    rationale:
      'Rights attached to users one by one are hard to review and are not taken away when the person changes team; groups and roles keep them in one place.',
    references: [
      origin('Prowler ram_policy_attached_only_to_group_or_roles'),
      origin('cloudsploit ramPolicyAttachments'),
      AWS_BEST_PRACTICES,
    ],
    remediation: 'Attach the policy to a group (or a role) and add the user to it.',
    check: ({ objects }) => policyOnUserDrafts(objects),
  },
  {
    id: 'ram.trust-open',
    layer: 'cloud',
    severity: 'high',
    title: 'Role trust policy admits too much',
    rationale:
      'A trust policy with Principal `*` or another account without conditions lets identities outside this account assume the role; an RRSA/IRSA trust without a narrow oidc:sub lets any service account of the cluster assume it, and one without oidc:aud accepts tokens issued for any audience.',
    references: [origin('RAM risks research (issue 14), §6 trust policies'), RAM_POLICY_ELEMENTS, AWS_BEST_PRACTICES],
    remediation:
      'Name the trusted principals exactly; for RRSA/IRSA add StringEquals on oidc:sub (system:serviceaccount:<namespace>:<name>) and on oidc:aud.',
    check: ({ account }) => trustOpenDrafts(account),
  },
  {
    id: 'ram.data-on-star',
    layer: 'cloud',
    severity: 'high',
    title: 'Data access or permissions management allowed on every resource',
    rationale:
      'Reading objects, secrets and keys, or changing policies, trust, credentials and bucket ACLs, on Resource `*` without a condition reaches every such resource of the account, present and future (cloudsplaining risk categories).',
    references: [origin('cloudsplaining risk categories'), RAM_POLICY_ELEMENTS],
    remediation:
      'Name the buckets, keys, secrets, users and roles the principal needs in Resource, or add conditions that narrow the grant.',
    check: ({ account, admins }) => dataOnStarDrafts(account, admins),
  },
  {
    id: 'ram.root-accesskey',
    layer: 'cloud',
    severity: 'critical',
    title: 'Root account has an AccessKey',
    rationale:
      "The root account's AccessKey acts as the account itself: no RAM policy, Deny or boundary limits it, and it cannot be confined to a network or a time. Read from IMS GetAccountSecurityPracticeReport (RootWithAccessKey).",
    references: [
      origin('Prowler ram_no_root_access_key'),
      {
        label: 'Alibaba Cloud IMS: GetAccountSecurityPracticeReport',
        url: 'https://www.alibabacloud.com/help/en/ram/developer-reference/api-ims-2019-08-15-getaccountsecuritypracticereport',
      },
      AWS_BEST_PRACTICES,
    ],
    remediation: "Delete the root account's AccessKeys; give programs a RAM user or, better, a role (STS tokens, RRSA).",
    unavailable: ({ objects }) => rootKeysUnavailable(objects),
    check: ({ objects }) => rootKeyDrafts(objects),
  },
  {
    id: 'ram.escalation',
    layer: 'cloud',
    severity: 'high',
    title: 'Can escalate to more rights within RAM/IAM',
    rationale:
      "In one step the principal can reach more than it holds: attach or put any policy on itself, a group it is in or a role it can assume; write a new default version of a custom policy it holds; join a group, take a user's credentials (AccessKey, console password), rewrite a role's trust or assume a role, or pass a role to an instance, where the group, user or role holds policies it lacks. Each edge is asked of the engine (Deny, NotAction, boundaries; conditional edges name their conditions). Account-wide admins are left to ram.admin-equivalent.",
    references: [
      origin('RAM risks research (issue 14), §3 escalation (PMapper edges)'),
      {
        label: 'AWS: Actions, resources and condition keys for IAM',
        url: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html',
      },
      RAM_POLICY_ELEMENTS,
    ],
    remediation:
      'Remove the escalation action, or scope its Resource to users, groups, roles and policies that grant nothing more (never the principal itself or a group it is in); keep ram:PassRole / iam:PassRole to the roles a workload needs.',
    check: ({ account, objects, admins, adminStatus }) => escalationDrafts(account, objects, admins, adminStatus),
  },
  {
    id: 'ram.orphan-ack-binding',
    layer: 'cloud',
    severity: 'medium',
    title: 'ACK binding names a RAM identity that no longer exists',
    rationale:
      "A binding in a linked ACK cluster names a RAM user or role id (ACK's Authorizations page writes them) that no user or role of the account has: the identity was deleted but its cluster rights were not, and whoever holds that id next (or the other account it belongs to) inherits them.",
    references: [
      origin('RAM risks research (issue 14), §4 orphans'),
      {
        label: 'ACK: Authorization overview',
        url: 'https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/authorization-overview',
      },
    ],
    remediation:
      'Delete the binding (ACK console, Authorizations, or the cluster itself), and remove cluster permissions before deleting an identity next time.',
    unavailable: ({ account, linkedClusters }) => orphansUnavailable(account, linkedClusters),
    check: ({ account, linkedClusters }) => orphanDrafts(account, linkedClusters ?? []),
  },
  {
    id: 'ram.worker-role-broad',
    layer: 'cloud',
    severity: 'high',
    title: 'Worker node role holds more than nodes need',
    rationale:
      "Pods that reach the ECS metadata endpoint get the worker role's credentials, so its rights belong to everyone who can run a pod on those nodes. ACK's own worker policy grants ECS instance reads, Log Service reads and registry pulls; a worker role (KubernetesWorkerRole-<id>) that is admin-equivalent, or is allowed data access, permissions management or escalation actions on every resource, holds more.",
    references: [
      origin('RAM risks research (issue 14), §4 node role'),
      {
        label: 'ACK: worker RAM role permissions converged',
        url: 'https://www.alibabacloud.com/help/en/ack/product-overview/ack-reduces-the-permissions-of-worker-ram-roles-in-managed-kubernetes-clusters',
      },
      {
        label: 'ACK: custom worker RAM roles for node pools',
        url: 'https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/user-guide/use-custom-worker-ram-roles',
      },
    ],
    remediation:
      "Detach what the worker role does not need (keep ACK's worker policy), give workloads their own roles through RRSA, and block pods from the metadata endpoint where they do not need it.",
    unavailable: ({ account }) => workerRolesUnavailable(account),
    check: ({ account }) => workerRoleDrafts(account),
  },
  {
    id: 'ack.kubeconfig-orphaned',
    layer: 'cloud',
    severity: 'high',
    title: 'Cluster kubeconfig still valid for a deleted or disabled identity',
    rationale:
      "Deleting a RAM user or role does not revoke the kubeconfig ACK issued to it: its client certificate keeps the identity's cluster rights until it expires or is revoked. Flagged when the certificate is unexpired and ACK reports the identity Deleted or InActive, or no user or role with its id is in the account.",
    references: [ACK_KUBECONFIG_STATES, ACK_REVOKE_KUBECONFIG],
    remediation:
      'Revoke the kubeconfig (ACK console, Authorizations, or RevokeK8sClusterKubeConfig / CleanUserPermissions), before deleting an identity next time.',
    unavailable: ({ objects }) => orphanedKubeconfigsUnavailable(objects),
    check: ({ objects, now }) => orphanedKubeconfigDrafts(objects, now),
  },
  {
    id: 'ack.kubeconfig-long-lived',
    layer: 'cloud',
    severity: 'medium',
    title: 'Certificate kubeconfig valid for more than a year',
    rationale: `A certificate kubeconfig (3 years by default) works wherever it was copied until it expires or is revoked; a temporary kubeconfig lasts hours or days. Flagged when the certificate is unexpired and expires more than ${KUBECONFIG_MAX_VALID_DAYS} days after the evaluation.`,
    references: [ACK_KUBECONFIG_STATES, ACK_REVOKE_KUBECONFIG],
    remediation: 'Revoke it and have people fetch temporary kubeconfigs (a validity of hours), or sign in through a role.',
    unavailable: ({ objects }) => kubeconfigsUnavailable(objects),
    check: ({ objects, now }) => longLivedKubeconfigDrafts(objects, now, KUBECONFIG_MAX_VALID_DAYS),
  },
];

const BY_ID = new Map(CLOUD_RULES.map((r) => [r.id, r]));

export function cloudRuleById(id: string): CloudFindingRule | undefined {
  return BY_ID.get(id);
}
