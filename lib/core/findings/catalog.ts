// The Kubernetes rules: one table that the engine, the UI and the exports read. Permission rules
// are probe requests put to the exact engine (probes.ts); the others read stored objects.
// Severities rank what a holder can reach: anything in the cluster (critical), a namespace's
// secrets and identities or a cluster-wide control (high), a narrower or conditional path
// (medium), and hygiene that only matters once something else goes wrong (low).
// Sources: the Kubernetes RBAC good practices
// (https://kubernetes.io/docs/concepts/security/rbac-good-practices/) and the CIS Kubernetes
// Benchmark 5.1 titles as kube-bench transcribes them
// (https://github.com/aquasecurity/kube-bench/blob/main/cfg/cis-1.12/policies.yaml).

import type { ClusterKind } from '../snapshot/types';
import type { AuthzIndex } from '../rbac/authz-index';
import { danglingRoleRefDrafts, defaultServiceAccountDrafts, missingServiceAccountDrafts } from './binding-hygiene';
import { askProbes, type FindingDraft, type Probe } from './probes';
import { ANONYMOUS_SUBJECTS, AUTHENTICATED_SUBJECTS, publicAccessDrafts } from './public-access';
import { systemMastersDrafts } from './system-masters';
import { automountTokenDrafts, legacyTokenDrafts, type ServiceAccountSecrets } from './token-hygiene';
import type { RuleInfo, RuleReference } from './types';
import { wildcardRoleDrafts } from './wildcard-rule';

/** What a check reads: the snapshot's index, and what the index does not carry. */
export interface CheckContext {
  index: AuthzIndex;
  /** ServiceAccounts' `secrets` lists (token-hygiene.ts serviceAccountSecretsOf); absent = not read. */
  serviceAccountSecrets?: readonly ServiceAccountSecrets[];
}

export interface FindingRule extends RuleInfo {
  /** Kinds the check reads: a snapshot missing any of them cannot answer the rule (it is not evaluated, never passed). */
  reads: readonly ClusterKind[];
  /** Permission rules: the requests the engine is asked, in evidence order. */
  probes?: readonly Probe[];
  /** Why the rule cannot be evaluated on this input beyond missing kinds, or undefined when it can. */
  unavailable?: (ctx: CheckContext) => string | undefined;
  check: (ctx: CheckContext) => FindingDraft[];
}

const GP_URL = 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/';
const gp = (section: string): RuleReference => ({
  label: `Kubernetes RBAC good practices: ${section}`,
  url: `${GP_URL}#${section.toLowerCase().replaceAll(' ', '-')}`,
});
const cis = (id: string, title: string): RuleReference => ({ label: `CIS Kubernetes Benchmark ${id}: ${title}` });

const RBAC_KINDS: readonly ClusterKind[] = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];
const RBAC = 'rbac.authorization.k8s.io';
const ADMISSION = 'admissionregistration.k8s.io';
const CERTIFICATES = 'certificates.k8s.io';

const inNamespaces = (verb: string, apiGroup: string, resource: string, more: Partial<Probe> = {}): Probe => ({
  verb,
  apiGroup,
  resource,
  scope: 'namespaced',
  ...more,
});
const clusterScoped = (verb: string, apiGroup: string, resource: string, more: Partial<Probe> = {}): Probe => ({
  verb,
  apiGroup,
  resource,
  scope: 'cluster',
  ...more,
});

/** A permission rule: its check asks its probes. */
function permissionRule(info: Omit<FindingRule, 'layer' | 'reads' | 'check'> & { probes: readonly Probe[] }): FindingRule {
  return { ...info, layer: 'kubernetes', reads: RBAC_KINDS, check: ({ index }) => askProbes(index, info.probes) };
}

const WEBHOOK_RESOURCES = [
  'validatingwebhookconfigurations',
  'mutatingwebhookconfigurations',
  'validatingadmissionpolicies',
  'validatingadmissionpolicybindings',
  'mutatingadmissionpolicies',
  'mutatingadmissionpolicybindings',
];
const WRITE_VERBS = ['create', 'update', 'patch', 'delete'];

export const KUBERNETES_RULES: readonly FindingRule[] = [
  permissionRule({
    id: 'k8s.cluster-admin-equivalent',
    severity: 'critical',
    title: 'Every verb on every resource, cluster-wide',
    rationale:
      'A ClusterRoleBinding to a rule with `*` verbs, `*` API groups and `*` resources (cluster-admin or a copy of it) allows every request on every resource in every namespace, including resource types added later: the subject can read every Secret, run any Pod and grant any right.',
    references: [cis('5.1.1', 'Ensure that the cluster-admin role is only used where required'), gp('Least privilege')],
    remediation:
      'Keep cluster-admin for break-glass identities. Give everyone else a role that lists the verbs and resources they need, bound with a RoleBinding in the namespaces they work in.',
    probes: [clusterScoped('*', '*', '*', { label: 'every verb (*) on every resource (*) of every API group (*), cluster-wide' })],
  }),
  {
    id: 'k8s.wildcard-rule',
    layer: 'kubernetes',
    severity: 'medium',
    title: 'Role rule with a wildcard',
    rationale:
      'A `*` in verbs, apiGroups or resources (also `["get", "*"]` and `*/scale`) grants every value, including verbs, groups and resource types that do not exist yet: the role grows with the cluster without anyone changing it.',
    references: [cis('5.1.3', 'Minimize wildcard use in Roles and ClusterRoles'), gp('Least privilege')],
    remediation: 'List the verbs, API groups and resources the role needs instead of `*`.',
    reads: ['Role', 'ClusterRole'],
    check: ({ index }) => wildcardRoleDrafts(index.objects),
  },
  permissionRule({
    id: 'k8s.secrets-read',
    severity: 'high',
    title: 'Can read Secrets',
    rationale:
      '`get` on Secrets reveals their contents, and so do `list` and `watch`: a list response carries every Secret in full. Secrets hold ServiceAccount tokens and credentials, so reading them borrows those identities.',
    references: [cis('5.1.2', 'Minimize access to secrets'), gp('Listing secrets')],
    remediation:
      'Remove get, list and watch on secrets, or restrict get to the Secrets the subject needs with resourceNames; bind in one namespace rather than cluster-wide.',
    probes: ['get', 'list', 'watch'].map((verb) => inNamespaces(verb, '', 'secrets')),
  }),
  permissionRule({
    id: 'k8s.workload-create',
    severity: 'high',
    title: 'Can create Pods or workloads',
    rationale:
      'Creating a Pod, or a workload that creates Pods, in a namespace gives the Pod every Secret, ConfigMap and volume of the namespace and the rights of any ServiceAccount there; a privileged Pod reaches the node unless Pod Security admission forbids it.',
    references: [cis('5.1.4', 'Minimize access to create pods'), gp('Workload creation')],
    remediation:
      'Grant workload creation only in the namespaces the subject owns, keep powerful ServiceAccounts out of those namespaces, and enforce the Baseline or Restricted Pod Security Standard there.',
    probes: [
      inNamespaces('create', '', 'pods'),
      ...['deployments', 'replicasets', 'statefulsets', 'daemonsets'].map((r) => inNamespaces('create', 'apps', r)),
      ...['jobs', 'cronjobs'].map((r) => inNamespaces('create', 'batch', r)),
      inNamespaces('create', '', 'replicationcontrollers'),
    ],
  }),
  permissionRule({
    id: 'k8s.pod-exec',
    severity: 'high',
    title: 'Can run commands in running Pods',
    rationale:
      '`create` on pods/exec or pods/attach, or changing pods/ephemeralcontainers, runs code inside existing Pods, with their mounted tokens and Secrets: the rights of every ServiceAccount whose Pods run in scope.',
    references: [gp('Workload creation')],
    remediation:
      'Remove pods/exec, pods/attach and pods/ephemeralcontainers from day-to-day roles; grant them for debugging only, in one namespace.',
    probes: [
      inNamespaces('create', '', 'pods', { subresource: 'exec' }),
      inNamespaces('create', '', 'pods', { subresource: 'attach' }),
      inNamespaces('update', '', 'pods', { subresource: 'ephemeralcontainers' }),
      inNamespaces('patch', '', 'pods', { subresource: 'ephemeralcontainers' }),
    ],
  }),
  permissionRule({
    id: 'k8s.nodes-proxy',
    severity: 'critical',
    title: 'Can reach the kubelet API through nodes/proxy',
    rationale:
      'Any verb on nodes/proxy, `get` included, reaches the kubelet API, which runs commands in every Pod on the node and bypasses audit logging and admission control.',
    references: [cis('5.1.10', 'Minimize access to the proxy sub-resource of nodes'), gp('Access to proxy subresource of Nodes')],
    remediation:
      "Remove every verb on nodes/proxy (and `*` resources that include it) from roles other than the API server's own kubelet client.",
    probes: ['get', 'create', 'update', 'patch', 'delete', 'proxy'].map((verb) =>
      clusterScoped(verb, '', 'nodes', { subresource: 'proxy', eachNamedObject: true }),
    ),
  }),
  permissionRule({
    id: 'k8s.pv-create',
    severity: 'high',
    title: 'Can create PersistentVolumes',
    rationale: "A PersistentVolume can be a hostPath volume: creating one gives a Pod that claims it the node's file system.",
    references: [cis('5.1.9', 'Minimize access to create persistent volumes'), gp('Persistent volume creation')],
    remediation: 'Leave PersistentVolume creation to storage provisioners; users create PersistentVolumeClaims.',
    probes: [clusterScoped('create', '', 'persistentvolumes')],
  }),
  permissionRule({
    id: 'k8s.escalate',
    severity: 'high',
    title: 'Can escalate roles',
    rationale:
      'The `escalate` verb lifts the check that stops a subject from writing a role with rights it does not hold: it can give itself any right in scope.',
    references: [
      cis('5.1.8', 'Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster'),
      gp('Escalate verb'),
    ],
    remediation: 'Remove `escalate` on roles and clusterroles (and `*` verbs on RBAC resources).',
    probes: [
      inNamespaces('escalate', RBAC, 'roles', { eachNamedObject: true }),
      clusterScoped('escalate', RBAC, 'clusterroles', { eachNamedObject: true }),
    ],
  }),
  permissionRule({
    id: 'k8s.bind',
    severity: 'high',
    title: 'Can bind roles it does not hold',
    rationale:
      'The `bind` verb lets a subject create bindings to roles with rights it does not have, cluster-admin included unless resourceNames limit it.',
    references: [cis('5.1.8', 'Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster'), gp('Bind verb')],
    remediation: 'Remove `bind`, or limit it with resourceNames to the roles the subject may hand out.',
    probes: [
      inNamespaces('bind', RBAC, 'roles', { eachNamedObject: true }),
      inNamespaces('bind', RBAC, 'clusterroles', { eachNamedObject: true }),
    ],
  }),
  permissionRule({
    id: 'k8s.impersonate',
    severity: 'high',
    title: 'Can impersonate users, groups or ServiceAccounts',
    rationale:
      'Impersonation makes requests as another identity, with all of its rights: impersonating a user or group (system:masters among them) reaches whatever they can.',
    references: [
      cis('5.1.8', 'Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster'),
      gp('Impersonate verb'),
    ],
    remediation: 'Remove `impersonate`, or limit it with resourceNames to the identities the subject may act as.',
    probes: [
      clusterScoped('impersonate', '', 'users', { eachNamedObject: true }),
      clusterScoped('impersonate', '', 'groups', { eachNamedObject: true }),
      inNamespaces('impersonate', '', 'serviceaccounts', { eachNamedObject: true }),
    ],
  }),
  permissionRule({
    id: 'k8s.csr-approve',
    severity: 'high',
    title: 'Can approve certificate signing requests',
    rationale:
      'Approving CSRs (update on certificatesigningrequests/approval) for the kubernetes.io/kube-apiserver-client signer (approve on signers) issues client certificates with any name and groups, system:masters included, which no binding can revoke.',
    references: [
      cis('5.1.11', 'Minimize access to the approval sub-resource of certificatesigningrequests objects'),
      gp('CSRs and certificate issuing'),
    ],
    remediation:
      'Leave CSR approval to the controller-manager and the node approvers; remove approval rights and `approve` on kubernetes.io signers from other roles.',
    probes: [
      clusterScoped('update', CERTIFICATES, 'certificatesigningrequests', { subresource: 'approval' }),
      clusterScoped('patch', CERTIFICATES, 'certificatesigningrequests', { subresource: 'approval' }),
      clusterScoped('approve', CERTIFICATES, 'signers', { name: 'kubernetes.io/kube-apiserver-client' }),
      // The certificates authorizer also accepts approve on `<signer domain>/*`.
      clusterScoped('approve', CERTIFICATES, 'signers', { name: 'kubernetes.io/*' }),
    ],
  }),
  permissionRule({
    id: 'k8s.webhook-write',
    severity: 'high',
    title: 'Can change admission webhooks or policies',
    rationale:
      'Whoever controls a validating or mutating webhook configuration, or an admission policy, sees every object it intercepts and can change or reject it; deleting one switches a security control off.',
    references: [cis('5.1.12', 'Minimize access to webhook configuration objects'), gp('Control admission webhooks')],
    remediation:
      'Limit writes on admissionregistration.k8s.io resources to the cluster operators and the controllers that own a webhook, with resourceNames.',
    probes: WRITE_VERBS.flatMap((verb) => WEBHOOK_RESOURCES.map((r) => clusterScoped(verb, ADMISSION, r, { eachNamedObject: true }))),
  }),
  permissionRule({
    id: 'k8s.sa-token-create',
    severity: 'high',
    title: 'Can create ServiceAccount tokens',
    rationale:
      '`create` on serviceaccounts/token issues a token for any ServiceAccount in scope: the rights of every ServiceAccount there.',
    references: [cis('5.1.13', 'Minimize access to the service account token creation'), gp('Token request')],
    remediation: "Remove create on serviceaccounts/token, or limit it with resourceNames to the subject's own ServiceAccount.",
    probes: [inNamespaces('create', '', 'serviceaccounts', { subresource: 'token' })],
  }),
  permissionRule({
    id: 'k8s.rbac-write',
    severity: 'medium',
    title: 'Can create or change role bindings',
    rationale:
      'Creating or changing RoleBindings and ClusterRoleBindings hands out every right the subject holds (and, with `bind`, any role) to anyone, and rewrites who holds what.',
    references: [gp('Bind verb'), gp('Least privilege')],
    remediation: 'Grant binding management only to namespace and cluster owners; prefer RoleBindings in their namespaces.',
    probes: ['create', 'update', 'patch'].flatMap((verb) => [
      inNamespaces(verb, RBAC, 'rolebindings'),
      clusterScoped(verb, RBAC, 'clusterrolebindings'),
    ]),
  }),
  permissionRule({
    id: 'k8s.namespace-patch',
    severity: 'medium',
    title: 'Can relabel namespaces',
    rationale:
      'patch or update on a Namespace, even through a RoleBinding in that namespace, changes its labels: that can lower its Pod Security admission level or move it out of NetworkPolicy selectors.',
    references: [gp('Namespace modification')],
    remediation: "Remove patch and update on namespaces from namespace users' roles.",
    probes: ['patch', 'update'].map((verb) => inNamespaces(verb, '', 'namespaces')),
  }),
  {
    id: 'k8s.anonymous-access',
    layer: 'kubernetes',
    severity: 'critical',
    title: 'Anonymous requests get more than discovery',
    rationale:
      'A binding to system:anonymous or system:unauthenticated grants its rights to anyone who can reach the API server, without credentials. Only the default discovery roles (system:discovery, system:basic-user, system:public-info-viewer) are meant for them.',
    references: [gp('Hardening')],
    remediation:
      'Delete bindings of system:anonymous and system:unauthenticated beyond system:public-info-viewer; disable anonymous authentication where possible.',
    reads: RBAC_KINDS,
    check: ({ index }) => publicAccessDrafts(index, ANONYMOUS_SUBJECTS),
  },
  {
    id: 'k8s.authenticated-access',
    layer: 'kubernetes',
    severity: 'high',
    title: 'Every authenticated identity gets more than discovery',
    rationale:
      'A binding to system:authenticated grants its rights to every user and every ServiceAccount token of the cluster. Only the default discovery roles are meant for it.',
    references: [cis('5.1.2', 'Minimize access to secrets'), cis('5.1.4', 'Minimize access to create pods'), gp('Hardening')],
    remediation: 'Bind the groups or users that need the rights instead of system:authenticated.',
    reads: RBAC_KINDS,
    check: ({ index }) => publicAccessDrafts(index, AUTHENTICATED_SUBJECTS),
  },
  {
    id: 'k8s.system-masters',
    layer: 'kubernetes',
    severity: 'high',
    title: 'The system:masters group is in use',
    rationale:
      'Members of system:masters bypass RBAC and authorization webhooks, and removing bindings cannot revoke that. A binding naming the group, or a right to impersonate it, puts that power in play.',
    references: [cis('5.1.7', 'Avoid use of system:masters group'), gp('Least privilege')],
    remediation:
      'Issue no credentials in system:masters beyond break-glass; remove bindings to it and impersonation of it, and use cluster-admin bindings that can be revoked.',
    reads: RBAC_KINDS,
    check: ({ index }) => systemMastersDrafts(index),
  },
  {
    id: 'k8s.dangling-role-ref',
    layer: 'kubernetes',
    severity: 'low',
    title: 'Binding to a role that does not exist',
    rationale:
      "The binding grants nothing today, but whoever later creates a role of that name hands its rights to the binding's subjects.",
    references: [gp('Periodic review')],
    remediation: 'Delete the binding, or create the role it was meant for on purpose.',
    reads: RBAC_KINDS,
    check: ({ index }) => danglingRoleRefDrafts(index),
  },
  {
    id: 'k8s.missing-service-account',
    layer: 'kubernetes',
    severity: 'medium',
    title: 'Binding names a ServiceAccount that does not exist',
    rationale: "Whoever creates a ServiceAccount of that name in that namespace inherits the binding's rights.",
    references: [gp('Periodic review')],
    remediation: 'Remove the subject from the binding (or delete the binding).',
    reads: ['RoleBinding', 'ClusterRoleBinding', 'ServiceAccount'],
    check: ({ index }) => missingServiceAccountDrafts(index.objects),
  },
  {
    id: 'k8s.default-sa-bound',
    layer: 'kubernetes',
    severity: 'medium',
    title: 'Rights granted to a default ServiceAccount',
    rationale: "Every Pod that names no ServiceAccount runs as its namespace's `default` one, so rights bound to it go to all such Pods.",
    references: [
      cis('5.1.5', 'Ensure that default service accounts are not actively used'),
      gp('Minimize distribution of privileged tokens'),
    ],
    remediation:
      'Create a ServiceAccount for the workload that needs the rights, bind it instead, and set automountServiceAccountToken: false on `default`.',
    reads: RBAC_KINDS,
    check: ({ index }) => defaultServiceAccountDrafts(index),
  },
  {
    id: 'k8s.automount-token',
    layer: 'kubernetes',
    severity: 'low',
    title: 'Token of a ServiceAccount with rights mounted into Pods',
    rationale:
      "Pods mount their ServiceAccount's token unless the Pod or the ServiceAccount opts out; anyone who gets code running in such a Pod holds the ServiceAccount's rights.",
    references: [cis('5.1.6', 'Ensure that Service Account Tokens are only mounted where necessary'), gp('Hardening')],
    remediation: 'Set automountServiceAccountToken: false on the ServiceAccount, and true only on the Pods that call the API.',
    reads: [...RBAC_KINDS, 'ServiceAccount', 'Pod'],
    check: ({ index }) => automountTokenDrafts(index),
  },
  {
    id: 'k8s.legacy-sa-token',
    layer: 'kubernetes',
    severity: 'medium',
    title: 'ServiceAccount references long-lived token Secrets',
    rationale:
      'Before Kubernetes 1.24 every ServiceAccount got a token Secret that never expires, listed in its `secrets` field; such a token stays valid until the Secret is deleted, wherever it was copied to.',
    references: [
      {
        label: 'Kubernetes: Legacy ServiceAccount token cleaner',
        url: 'https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/#legacy-serviceaccount-token-cleaner',
      },
      gp('Minimize distribution of privileged tokens'),
    ],
    remediation:
      "Use short-lived tokens (TokenRequest, projected volumes); delete the token Secrets and remove them from the ServiceAccount's `secrets` list.",
    reads: ['ServiceAccount'],
    unavailable: (ctx) =>
      ctx.serviceAccountSecrets === undefined ? 'the ServiceAccounts were read without their `secrets` lists' : undefined,
    check: (ctx) => legacyTokenDrafts(ctx.serviceAccountSecrets ?? []),
  },
];

const BY_ID = new Map(KUBERNETES_RULES.map((r) => [r.id, r]));

export function ruleById(id: string): FindingRule | undefined {
  return BY_ID.get(id);
}

/** The catalog without its checks: what the UI, the exports and SARIF's rule list show. */
export function ruleInfo(rule: RuleInfo): RuleInfo {
  const { id, layer, severity, title, rationale, references, remediation } = rule;
  return { id, layer, severity, title, rationale, references, remediation };
}
