// Cluster credentials ACK issued, read from the account's kubeconfig inventory (CloudAccountBody
// .ackClusters, ACK's ListClusterKubeconfigStates for each linked cluster): a kubeconfig still valid
// for an identity that is gone or frozen, and a certificate kubeconfig valid for more than a year.
// ACK's guidance: deleting a RAM user or role does not revoke its kubeconfig, so revoke it first
// (https://www.alibabacloud.com/help/en/document_detail/142602.html); prefer temporary kubeconfigs,
// as a certificate one is valid for 3 years by default
// (https://help.aliyun.com/en/ack/ack-managed-and-ack-dedicated/user-guide/kubeconfig-operation-guide/).
// Pure: `now` is given.
import type { CloudObject, CloudObjects } from '../ram/decode-bodies';
import type { AckClusterKubeconfigs, AckKubeconfig } from '../ram/model';
import { ACCOUNT_SCOPE, fieldEvidence } from './cloud-evidence';
import type { FindingDraft } from './probes';
import type { FindingParty } from './types';

const DAY_MS = 24 * 60 * 60 * 1000;

type Account = CloudObject<'CloudAccount'>;

function accountOf(objects: CloudObjects): Account | undefined {
  return objects.accounts[0];
}

/** Why the kubeconfig rules cannot be answered: no inventory in the source, or a linked cluster's could not be read. */
export function kubeconfigsUnavailable(objects: CloudObjects): string | undefined {
  const account = accountOf(objects);
  if (account === undefined) return 'the snapshot holds no CloudAccount';
  if (account.body.provider === 'aws') return "EKS has no ACK kubeconfig inventory; the rule reads ACK's ListClusterKubeconfigStates";
  const clusters = account.body.ackClusters;
  if (clusters === undefined || clusters.length === 0)
    return 'the source carries no ACK kubeconfig inventory (ListClusterKubeconfigStates): link an ACK cluster to the account, or export it with the account';
  // A cluster whose inventory is missing would read as clean: the rule is not evaluated until every linked cluster is read.
  const unread = clusters.filter((c) => c.kubeconfigs === undefined);
  if (unread.length > 0)
    return `the kubeconfig inventory of ${unread.length} of ${clusters.length} linked ACK clusters could not be read: ${unread
      .map((c) => `${c.clusterId} (${c.unread ?? 'not in the source'})`)
      .join('; ')}`;
  return undefined;
}

/** Orphans are judged against the users and roles: unknown when those could not be read. */
export function orphanedKubeconfigsUnavailable(objects: CloudObjects): string | undefined {
  const identities = accountOf(objects)?.body.unread?.identities;
  return (
    kubeconfigsUnavailable(objects) ?? (identities === undefined ? undefined : `the RAM users or roles could not be read: ${identities}`)
  );
}

/** ACK says the certificate has not expired, and its expiry (when given) is after `now`. */
function stillValid(k: AckKubeconfig, now: Date): boolean {
  if (k.certState !== 'Unexpired') return false;
  if (k.certExpireTime === undefined) return true;
  const expires = Date.parse(k.certExpireTime);
  return Number.isNaN(expires) || expires > now.getTime();
}

function identityParty(k: AckKubeconfig, account: Account): FindingParty {
  if (k.accountType === 'RamUser') return { kind: 'CloudUser', name: k.accountName || k.accountId };
  if (k.accountType === 'RamRole') return { kind: 'CloudRole', name: k.accountName || k.accountId };
  return { kind: 'CloudAccount', name: account.name };
}

function kubeconfigParty(cluster: AckClusterKubeconfigs, k: AckKubeconfig): FindingParty {
  return { kind: 'AckKubeconfig', namespace: cluster.clusterId, name: k.accountId };
}

/** Where a kubeconfig sits in the account body: `ackClusters[0].kubeconfigs[3]`. */
type At = { field: string; cluster: AckClusterKubeconfigs };

function each(objects: CloudObjects, visit: (account: Account, at: At, k: AckKubeconfig) => void) {
  const account = accountOf(objects);
  if (account === undefined) return;
  (account.body.ackClusters ?? []).forEach((cluster, c) => {
    (cluster.kubeconfigs ?? []).forEach((k, i) => visit(account, { field: `ackClusters[${c}].kubeconfigs[${i}]`, cluster }, k));
  });
}

function evidenceOf(account: Account, at: At, k: AckKubeconfig, extra: object) {
  return fieldEvidence({ kind: 'CloudAccount', name: account.name }, at.field, { clusterId: at.cluster.clusterId, ...k, ...extra });
}

/**
 * Why a still-valid kubeconfig's identity is gone: ACK itself says Deleted or InActive (frozen), or
 * a RAM user or role with its id is not in the snapshot. The root account is never orphaned.
 */
function orphanReason(k: AckKubeconfig, userIds: ReadonlySet<string>, roleIds: ReadonlySet<string>): string | undefined {
  if (k.accountType !== 'RamUser' && k.accountType !== 'RamRole') return undefined;
  if (k.accountState === 'Deleted') return 'ACK reports the identity deleted';
  if (k.accountState === 'InActive') return 'ACK reports the identity frozen (InActive)';
  const known = k.accountType === 'RamUser' ? userIds : roleIds;
  if (!known.has(k.accountId)) return `no RAM ${k.accountType === 'RamUser' ? 'user' : 'role'} with id ${k.accountId} is in the account`;
  return undefined;
}

export function orphanedKubeconfigDrafts(objects: CloudObjects, now: Date): FindingDraft[] {
  const userIds = new Set(objects.users.map((u) => u.body.userId));
  const roleIds = new Set(objects.roles.map((r) => r.body.roleId));
  const out: FindingDraft[] = [];
  each(objects, (account, at, k) => {
    if (!stillValid(k, now)) return;
    const reason = orphanReason(k, userIds, roleIds);
    if (reason === undefined) return;
    out.push({
      subject: identityParty(k, account),
      object: kubeconfigParty(at.cluster, k),
      scope: ACCOUNT_SCOPE,
      evidence: [evidenceOf(account, at, k, { reason })],
    });
  });
  return out;
}

/** Certificate kubeconfigs still valid more than `maxValidDays` after `now` (the threshold is the catalog's). */
export function longLivedKubeconfigDrafts(objects: CloudObjects, now: Date, maxValidDays: number): FindingDraft[] {
  const out: FindingDraft[] = [];
  each(objects, (account, at, k) => {
    if (!stillValid(k, now) || k.certExpireTime === undefined) return;
    const expires = Date.parse(k.certExpireTime);
    if (Number.isNaN(expires)) return;
    const validDays = Math.floor((expires - now.getTime()) / DAY_MS);
    if (validDays <= maxValidDays) return;
    out.push({
      subject: identityParty(k, account),
      object: kubeconfigParty(at.cluster, k),
      scope: ACCOUNT_SCOPE,
      evidence: [evidenceOf(account, at, k, { validDays })],
    });
  });
  return out;
}
