// Kubernetes service accounts that act as cloud roles, each link confirmed by evaluating the role's
// trust policy for the token the SA's pods would present.
//
// ACK RRSA (ram-semantics.md A4; ack-pod-identity-webhook): the webhook injects a token when the
// namespace, or from v0.2.0 the pod, is labeled pod-identity.alibabacloud.com/injection: 'on' and
// the SA is annotated pod-identity.alibabacloud.com/role-name: <role>; the injected pod carries
// ALIBABA_CLOUD_ROLE_ARN. The token's caller is the Federated principal
// acs:ram::<uid>:oidc-provider/ack-rrsa-<clusterId> with oidc:sub = system:serviceaccount:<ns>:<sa>,
// oidc:aud = sts.aliyuncs.com and oidc:iss = the cluster's issuer.
// EKS IRSA (A6): SA annotation eks.amazonaws.com/role-arn; caller Federated
// arn:aws:iam::<acct>:oidc-provider/<issuer host/path>, action sts:AssumeRoleWithWebIdentity,
// keys <issuer host/path>:sub and :aud (sts.amazonaws.com).
import { contextFromPairs } from '../ram/policy';
import type { PrincipalType } from '../ram/policy/types';
import { evaluateTrust } from '../ram/account/can-i';
import type { AccountPrincipal, CloudAccount, CloudStatement } from '../ram/account/types';
import type { LinkedClusterInput, TrustConfirmation, WorkloadLinkEvidence, WorkloadRoleLink } from './types';

export const RRSA_ROLE_ANNOTATION = 'pod-identity.alibabacloud.com/role-name';
export const RRSA_INJECTION_LABEL = 'pod-identity.alibabacloud.com/injection';
export const IRSA_ROLE_ANNOTATION = 'eks.amazonaws.com/role-arn';
export const RRSA_AUDIENCE = 'sts.aliyuncs.com';
export const IRSA_AUDIENCE = 'sts.amazonaws.com';

export function rrsaProviderArn(accountId: string, clusterId: string): string {
  return `acs:ram::${accountId}:oidc-provider/ack-rrsa-${clusterId}`;
}

/** The issuer URL without its scheme: the IAM OIDC provider's name and the prefix of its condition keys. */
export function issuerHostPath(issuer: string): string {
  return issuer.replace(/^https:\/\//, '').replace(/\/$/, '');
}

export function serviceAccountSubject(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

interface Pending {
  namespace: string;
  serviceAccount: string;
  role: AccountPrincipal | undefined;
  roleLabel: string;
  evidence: WorkloadLinkEvidence[];
}

/** Values the trust policy itself expects for a key (used for oidc:iss when the issuer is unknown). */
function expectedValues(role: AccountPrincipal, key: string): string[] {
  const out = new Set<string>();
  for (const s of role.trust?.statements ?? []) {
    for (const byKey of Object.values(s.condition ?? {})) {
      for (const [k, values] of Object.entries(byKey)) if (k.toLowerCase() === key) for (const v of values) out.add(v);
    }
  }
  return [...out];
}

function confirm(
  account: CloudAccount,
  role: AccountPrincipal,
  cluster: LinkedClusterInput,
  p: Pending,
  mechanism: 'rrsa' | 'irsa',
): TrustConfirmation {
  const sub = serviceAccountSubject(p.namespace, p.serviceAccount);
  let caller: { type: PrincipalType; id: string };
  let pairs: [string, string][];
  let action: string;
  let issuerChecked = true;
  if (mechanism === 'rrsa') {
    caller = { type: 'Federated', id: rrsaProviderArn(account.accountId, cluster.clusterRef) };
    action = 'sts:AssumeRole';
    pairs = [
      ['oidc:sub', sub],
      ['oidc:aud', RRSA_AUDIENCE],
    ];
    if (cluster.issuer) pairs.push(['oidc:iss', cluster.issuer]);
    else {
      issuerChecked = false;
      for (const v of expectedValues(role, 'oidc:iss')) pairs.push(['oidc:iss', v]);
    }
  } else {
    const host = issuerHostPath(cluster.clusterRef);
    caller = { type: 'Federated', id: `arn:aws:iam::${account.accountId}:oidc-provider/${host}` };
    action = 'sts:AssumeRoleWithWebIdentity';
    pairs = [
      [`${host}:sub`, sub],
      [`${host}:aud`, IRSA_AUDIENCE],
    ];
  }
  const e = evaluateTrust(account, role, caller, contextFromPairs(pairs), action);
  const statements = e.statements.map((s): CloudStatement => ({ ...s, role: 'trust', via: [[{ kind: 'CloudRole', name: role.name }]] }));
  return { decision: e.decision, conditional: e.conditional, statements, issuerChecked };
}

function statusOf(p: Pending, trust: TrustConfirmation | null): WorkloadRoleLink['status'] {
  if (!trust) return 'role-missing';
  const injected = p.evidence.some(
    (e) => e.kind === 'pod-env' || e.kind === 'irsa-annotation' || (e.kind === 'rrsa-annotation' && e.injection !== 'off'),
  );
  if (trust.decision === 'Allow' && !trust.conditional) return injected ? 'confirmed' : 'injection-off';
  if (trust.decision !== 'ExplicitDeny' && trust.conditional) return injected ? 'conditional' : 'injection-off';
  return 'not-trusted';
}

function collectRrsa(account: CloudAccount, cluster: LinkedClusterInput, pending: Map<string, Pending>): void {
  const { objects } = cluster;
  const nsOn = new Set(objects.namespaces.filter((n) => n.labels[RRSA_INJECTION_LABEL] === 'on').map((n) => n.name));
  const podOn = new Set(
    objects.pods.filter((p) => p.labels[RRSA_INJECTION_LABEL] === 'on').map((p) => `${p.namespace}/${p.serviceAccountName}`),
  );
  for (const sa of objects.serviceAccounts) {
    const roleName = sa.annotations[RRSA_ROLE_ANNOTATION];
    if (!roleName) continue;
    const injection = nsOn.has(sa.namespace) ? 'namespace' : podOn.has(`${sa.namespace}/${sa.name}`) ? 'pod' : 'off';
    entry(pending, sa.namespace, sa.name, account.roles.get(roleName), roleName).evidence.push({ kind: 'rrsa-annotation', injection });
  }
  for (const pod of cluster.podRoles) {
    const roleName = account.roleByArn.get(pod.roleArn);
    const role = roleName ? account.roles.get(roleName) : undefined;
    entry(pending, pod.namespace, pod.serviceAccountName, role, roleName ?? pod.roleArn).evidence.push({ kind: 'pod-env', pod: pod.name });
  }
}

function collectIrsa(account: CloudAccount, cluster: LinkedClusterInput, pending: Map<string, Pending>): void {
  for (const sa of cluster.objects.serviceAccounts) {
    const arn = sa.annotations[IRSA_ROLE_ANNOTATION];
    if (!arn) continue;
    const roleName = account.roleByArn.get(arn);
    entry(pending, sa.namespace, sa.name, roleName ? account.roles.get(roleName) : undefined, roleName ?? arn).evidence.push({
      kind: 'irsa-annotation',
    });
  }
}

function entry(
  pending: Map<string, Pending>,
  namespace: string,
  serviceAccount: string,
  role: AccountPrincipal | undefined,
  roleLabel: string,
): Pending {
  const key = `${namespace}/${serviceAccount}/${roleLabel}`;
  let p = pending.get(key);
  if (!p) pending.set(key, (p = { namespace, serviceAccount, role, roleLabel, evidence: [] }));
  return p;
}

/** Every SA of the cluster tied to a role of the account (RRSA for Alibaba Cloud, IRSA for AWS). */
export function linkWorkloadRoles(account: CloudAccount, cluster: LinkedClusterInput): WorkloadRoleLink[] {
  const mechanism = account.provider === 'aws' ? 'irsa' : 'rrsa';
  const pending = new Map<string, Pending>();
  if (mechanism === 'rrsa') collectRrsa(account, cluster, pending);
  else collectIrsa(account, cluster, pending);
  const links: WorkloadRoleLink[] = [];
  for (const p of pending.values()) {
    const trust = p.role ? confirm(account, p.role, cluster, p, mechanism) : null;
    links.push({
      cluster: cluster.source,
      namespace: p.namespace,
      serviceAccount: p.serviceAccount,
      mechanism,
      role: p.role?.name ?? p.roleLabel,
      ...(p.role?.arn ? { roleArn: p.role.arn } : {}),
      evidence: p.evidence,
      trust,
      status: statusOf(p, trust),
    });
  }
  return links.sort(
    (a, b) => a.namespace.localeCompare(b.namespace) || a.serviceAccount.localeCompare(b.serviceAccount) || a.role.localeCompare(b.role),
  );
}
