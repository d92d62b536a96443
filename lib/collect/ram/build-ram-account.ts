// The account-level parts of a RAM export (ram-export.ts) → the CloudAccount body and the
// resource-group-scoped attachments of lib/core/ram/model.ts: the password policy, the security
// preferences, the root account's AccessKeys, ACK's kubeconfig inventory of each linked cluster, and
// Resource Manager's policy attachments scoped to a resource group (ram-semantics.md A2: such a grant
// counts only for resources in that group). Used by build-ram-snapshot.ts. Pure.

import type {
  AccountInput,
  AckClusterKubeconfigs,
  CloudAccountBody,
  PasswordPolicy,
  PolicyAttachment,
  SecurityPreference,
} from '../../core/ram/model';
import { byTypeAndName, compare } from './cloud-object';
import type { RamExport, RamKubeconfigState, RamScopedAttachment } from './ram-export';

/** Inputs the live collector was denied, with the reason; the ACK clusters it could not read. */
export type AccountUnread = Partial<Record<AccountInput, string>> & { ackClusters?: { clusterId: string; reason: string }[] };

const defined = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

function passwordPolicy(p: NonNullable<RamExport['PasswordPolicy']>): PasswordPolicy {
  return {
    minimumPasswordLength: defined(p.MinimumPasswordLength),
    requireLowercaseCharacters: defined(p.RequireLowercaseCharacters),
    requireUppercaseCharacters: defined(p.RequireUppercaseCharacters),
    requireNumbers: defined(p.RequireNumbers),
    requireSymbols: defined(p.RequireSymbols),
    maxPasswordAge: defined(p.MaxPasswordAge),
    passwordReusePrevention: defined(p.PasswordReusePrevention),
    maxLoginAttempts: defined(p.MaxLoginAttemps),
    hardExpiry: defined(p.HardExpiry),
  };
}

function securityPreference(p: NonNullable<RamExport['SecurityPreference']>): SecurityPreference {
  return {
    mfaOperationForLogin: defined(p.LoginProfilePreference?.MFAOperationForLogin) || undefined,
    loginSessionDuration: defined(p.LoginProfilePreference?.LoginSessionDuration),
    loginNetworkMasks: defined(p.LoginProfilePreference?.LoginNetworkMasks) || undefined,
    allowUserToManageAccessKeys: defined(p.AccessKeyPreference?.AllowUserToManageAccessKeys),
    allowUserToManageMFADevices: defined(p.MFAPreference?.AllowUserToManageMFADevices),
  };
}

function kubeconfig(state: RamKubeconfigState) {
  return {
    accountId: state.account_id,
    accountName: defined(state.account_name) || undefined,
    accountDisplayName: defined(state.account_display_name) || undefined,
    accountType: state.account_type,
    accountState: defined(state.account_state) || undefined,
    certState: defined(state.cert_state) || undefined,
    certExpireTime: defined(state.cert_expire_time) || undefined,
    revokable: defined(state.revokable),
  };
}

/** Clusters in id order, each inventory in identity order: the order ACK lists them in changes nothing. */
function ackClusters(account: RamExport, unread: AccountUnread): AckClusterKubeconfigs[] | undefined {
  const read: AckClusterKubeconfigs[] = (account.AckClusters ?? []).map((c) =>
    c.Unread
      ? { clusterId: c.ClusterId, unread: c.Unread }
      : {
          clusterId: c.ClusterId,
          kubeconfigs: c.KubeconfigStates.map(kubeconfig).sort(
            (a, b) => compare(a.accountType, b.accountType) || compare(a.accountId, b.accountId),
          ),
        },
  );
  const failed = (unread.ackClusters ?? []).map((c) => ({ clusterId: c.clusterId, unread: c.reason }));
  const all = [...read, ...failed].sort((a, b) => compare(a.clusterId, b.clusterId));
  return all.length === 0 ? undefined : all;
}

export function accountBody(account: RamExport, unread: AccountUnread): CloudAccountBody {
  const rootKeys = account.AccountSecurityPracticeInfo?.AccountSecurityPracticeUserInfo?.RootWithAccessKey;
  const { ackClusters: _clusters, ...inputs } = unread;
  return {
    provider: 'alibaba',
    accountId: account.AccountId,
    alias: account.AccountAlias ?? undefined,
    passwordPolicy: account.PasswordPolicy ? passwordPolicy(account.PasswordPolicy) : undefined,
    securityPreference: account.SecurityPreference ? securityPreference(account.SecurityPreference) : undefined,
    rootAccessKeys: rootKeys === undefined || rootKeys === null ? undefined : { count: rootKeys },
    ackClusters: ackClusters(account, unread),
    unread: Object.keys(inputs).length === 0 ? undefined : inputs,
  };
}

const PRINCIPAL_KINDS = { IMSUser: 'user', IMSGroup: 'group', ServiceRole: 'role' } as const;

export function principalLabel(type: RamScopedAttachment['PrincipalType']): string {
  return PRINCIPAL_KINDS[type];
}

/**
 * Attachments scoped to a resource group, keyed `user/<name>`, `group/<name>`, `role/<name>`.
 * Account-scoped records (ResourceGroupId is the account id) are what ListPoliciesFor* already
 * lists, so they are not taken twice. PrincipalName carries a domain after `@`; RAM names have none.
 */
export function scopedAttachments(account: RamExport, warnings: string[]): Map<string, PolicyAttachment[]> {
  const out = new Map<string, PolicyAttachment[]>();
  for (const a of account.PolicyAttachments ?? []) {
    if (a.ResourceGroupId === account.AccountId) continue;
    const principal = a.PrincipalName.split('@')[0] ?? '';
    if (principal === '') {
      warnings.push(`a resource-group attachment of ${a.PolicyType} policy ${a.PolicyName} names no principal; it is left out`);
      continue;
    }
    const key = `${PRINCIPAL_KINDS[a.PrincipalType]}/${principal}`;
    const attachment: PolicyAttachment = {
      policyType: a.PolicyType,
      policyName: a.PolicyName,
      scope: { kind: 'resource-group', resourceGroupId: a.ResourceGroupId },
      attachDate: a.AttachDate ?? undefined,
    };
    out.set(key, [...(out.get(key) ?? []), attachment]);
  }
  return out;
}

function scopeKey(a: PolicyAttachment): string {
  return a.scope.kind === 'account' ? '' : a.scope.resourceGroupId;
}

/** Account-scoped and resource-group attachments in one sorted list (type, name, then scope), without repeats. */
export function withScoped(own: PolicyAttachment[], scoped: PolicyAttachment[] | undefined): PolicyAttachment[] {
  if (scoped === undefined || scoped.length === 0) return own;
  const seen = new Set<string>();
  return [...own, ...scoped]
    .filter((a) => {
      const key = `${a.policyType}/${a.policyName}/${scopeKey(a)}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => byTypeAndName(a, b) || compare(scopeKey(a), scopeKey(b)));
}

/** A resource-group attachment to a principal the export lacks is reported, as a group the export lacks is. */
export function unknownScopedPrincipalWarnings(
  account: RamExport,
  scoped: ReadonlyMap<string, PolicyAttachment[]>,
  kinds: ReadonlySet<string>,
): string[] {
  const known = new Set([
    ...(kinds.has('CloudUser') ? account.Users.map((u) => `user/${u.UserName}`) : []),
    ...(kinds.has('CloudGroup') ? account.Groups.map((g) => `group/${g.GroupName}`) : []),
    ...(kinds.has('CloudRole') ? account.Roles.map((r) => `role/${r.RoleName}`) : []),
  ]);
  const kindRead = (key: string) =>
    kinds.has(key.startsWith('user/') ? 'CloudUser' : key.startsWith('group/') ? 'CloudGroup' : 'CloudRole');
  return [...scoped.keys()]
    .filter((key) => kindRead(key) && !known.has(key))
    .map((key) => `${key.replace('/', ' ')} holds policies in a resource group but is not in the account; those attachments are left out`);
}
