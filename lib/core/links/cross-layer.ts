// Who-can across the two layers.
// Cloud side: the RAM/IAM principals that may make the request, plus the Kubernetes service
// accounts that can assume a granting role (RRSA/IRSA links whose trust evaluation admits them),
// each path running SA → AssumeRole → role → policy.
// Cluster side: RBAC who-can subjects that are cloud identities (ACK UID subjects, aws-auth
// usernames and groups) carry that identity.
import type { WhoCanAnswer, WhoCanSubject } from '../rbac/types';
import { cloudWhoCan, comparePrincipals } from '../ram/account/who-can';
import type { CloudAccount, CloudRequest, CloudWhoCanAnswer, CloudWhoCanPrincipal } from '../ram/account/types';
import type { AckLinks, AwsAuthLink, WorkloadRoleLink } from './types';

function saEntry(role: CloudWhoCanPrincipal, link: WorkloadRoleLink): CloudWhoCanPrincipal {
  const trustConditional = link.status === 'conditional';
  const trustConditions = trustConditional
    ? (link.trust?.statements ?? [])
        .filter((s) => s.conditions === 'unknown')
        .map((s) => ({ policy: s.policy, index: s.index, effect: s.effect, ...(s.condition ? { condition: s.condition } : {}) }))
    : [];
  const head = [
    { kind: 'ServiceAccount' as const, cluster: link.cluster, namespace: link.namespace, name: link.serviceAccount },
    { kind: 'AssumeRole' as const, via: link.mechanism, role: link.role },
  ];
  return {
    kind: 'ServiceAccount',
    cluster: link.cluster,
    namespace: link.namespace,
    name: link.serviceAccount,
    decision: role.decision === 'Allow' && !trustConditional ? 'Allow' : 'conditional',
    paths: role.paths.map((p) => [...head, ...p]),
    conditions: [...role.conditions, ...trustConditions],
  };
}

/** Merges entries for one SA reached through several roles. */
function mergeEntries(entries: CloudWhoCanPrincipal[]): CloudWhoCanPrincipal[] {
  const byKey = new Map<string, CloudWhoCanPrincipal>();
  for (const e of entries) {
    const key = `${e.cluster ?? ''}/${e.namespace ?? ''}/${e.name}`;
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { ...e, paths: [...e.paths], conditions: [...e.conditions] });
    else {
      seen.paths.push(...e.paths);
      if (e.decision === 'Allow') {
        seen.decision = 'Allow';
        seen.conditions = [];
      } else if (seen.decision === 'conditional') seen.conditions.push(...e.conditions);
    }
  }
  return [...byKey.values()];
}

/** cloudWhoCan plus the service accounts (of the linked clusters) that can assume a granting role. */
export function crossLayerWhoCan(account: CloudAccount, request: CloudRequest, workloads: readonly WorkloadRoleLink[]): CloudWhoCanAnswer {
  const answer = cloudWhoCan(account, request);
  const roles = new Map(answer.principals.filter((p) => p.kind === 'CloudRole').map((p) => [p.name, p]));
  const sas: CloudWhoCanPrincipal[] = [];
  for (const link of workloads) {
    if (link.status !== 'confirmed' && link.status !== 'conditional') continue;
    const role = roles.get(link.role);
    if (role) sas.push(saEntry(role, link));
  }
  return { principals: [...answer.principals, ...mergeEntries(sas)].sort(comparePrincipals) };
}

export interface CloudIdentityRef {
  kind: 'user' | 'role' | 'account';
  name: string;
  arn?: string;
  /** ack-subject: an ACK UID subject; aws-auth: a mapping's username or group. */
  via: 'ack-subject' | 'aws-auth';
}

export type LinkedWhoCanSubject = WhoCanSubject & { cloudIdentities?: CloudIdentityRef[] };

/** RBAC who-can subjects, each User (or aws-auth group) that is a cloud identity showing it. */
export function annotateRbacWhoCan(
  answer: WhoCanAnswer,
  ack: AckLinks,
  awsAuth: readonly AwsAuthLink[] = [],
): { subjects: LinkedWhoCanSubject[] } {
  const byUser = new Map<string, CloudIdentityRef[]>();
  const byGroup = new Map<string, CloudIdentityRef[]>();
  const push = (map: Map<string, CloudIdentityRef[]>, key: string, ref: CloudIdentityRef) => {
    const list = map.get(key) ?? [];
    if (!list.some((r) => r.kind === ref.kind && r.name === ref.name)) list.push(ref);
    map.set(key, list);
  };
  for (const l of ack.linked) push(byUser, l.subject, { ...l.identity, via: 'ack-subject' });
  for (const l of awsAuth) {
    if (!l.identity) continue;
    const ref: CloudIdentityRef = { ...l.identity, arn: l.mapping.arn, via: 'aws-auth' };
    if (l.mapping.username) push(byUser, l.mapping.username, ref);
    for (const g of l.mapping.groups) push(byGroup, g, ref);
  }
  const subjects = answer.subjects.map((s): LinkedWhoCanSubject => {
    const ids = s.kind === 'User' ? byUser.get(s.name) : s.kind === 'Group' ? byGroup.get(s.name) : undefined;
    return ids ? { ...s, cloudIdentities: ids } : s;
  });
  return { subjects };
}
