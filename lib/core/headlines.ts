// Headline counts of one snapshot, with the lists behind them, for the overview and the timeline.
// Pure: the caller reads the snapshot's objects; snapshots never change, so callers may cache by id.
import type { ClusterObjects } from './kube/types';
import { toClusterObjects } from './kube/to-cluster-objects';
import { ALL_AUTHENTICATED_GROUP, ALL_UNAUTHENTICATED_GROUP, buildAuthzIndex, ruleAllows, type AuthzIndex } from './rbac';
import type { BindingRef, ResourceRequest, UnresolvedBinding } from './rbac/types';
import type { SubjectKey } from './rbac/match-order';
import type {
  CloudPolicyBody,
  CloudRoleBody,
  CloudUserBody,
  CloudGroupBody,
  InlinePolicy,
  PolicyAttachment,
  PolicyType,
} from './ram/model';
import { isCloudKind, isJsonObject, type JsonObject, type JsonValue, type StoredObject } from './snapshot/types';

/** A subject holding `*` verbs on `*` resources in `*` API groups cluster-wide, and the bindings that give it. */
export interface StarSubject {
  subject: SubjectKey;
  bindings: BindingRef[];
}

export interface PublicBinding {
  binding: BindingRef;
  role: { kind: string; name: string };
  /** Which of system:authenticated / system:unauthenticated it names. */
  groups: string[];
}

export interface ClusterHeadlines {
  kind: 'cluster';
  /** Distinct Users, Groups and ServiceAccounts named by bindings whose role exists. */
  subjects: number;
  /** RoleBindings plus ClusterRoleBindings, resolved or not. */
  bindings: number;
  clusterWideStar: StarSubject[];
  publicBindings: PublicBinding[];
  unresolvedBindings: UnresolvedBinding[];
}

export interface AdminGrant {
  policyType: PolicyType | 'Inline';
  policyName: string;
  /** The group the policy is attached to, when the principal holds it through a group. */
  viaGroup?: string;
}

export interface CloudAdmin {
  kind: 'CloudUser' | 'CloudRole';
  name: string;
  grants: AdminGrant[];
}

export interface CloudHeadlines {
  kind: 'cloud-account';
  users: number;
  groups: number;
  roles: number;
  policies: number;
  /** Users and roles holding an unconditioned Allow of Action `*` on Resource `*`, account-wide. */
  admins: CloudAdmin[];
}

export type Headlines = ClusterHeadlines | CloudHeadlines;

/** The numbers a chart plots, keyed by a stable id. */
export interface HeadlineSeries {
  key: string;
  label: string;
  value: number;
}

/**
 * A request for every verb on every resource of every API group, cluster-wide. Fed to the engine's
 * own ruleAllows, it matches exactly the rules whose verbs, apiGroups and resources contain `*` and
 * that name no resourceNames (evaluation_helpers.go: a request without a name never matches those).
 */
const EVERYTHING: ResourceRequest = { kind: 'resource', verb: '*', apiGroup: '*', resource: '*', subresource: '', namespace: '', name: '' };

const PUBLIC_GROUPS = new Set([ALL_AUTHENTICATED_GROUP, ALL_UNAUTHENTICATED_GROUP]);

function subjectId(s: SubjectKey): string {
  return `${s.kind}\u0000${s.namespace ?? ''}\u0000${s.name}`;
}

export function clusterHeadlines(index: AuthzIndex): ClusterHeadlines {
  const star = new Map<string, StarSubject>();
  const publicBindings: PublicBinding[] = [];
  for (const b of index.bindings) {
    // Only a ClusterRoleBinding grants cluster-wide; a RoleBinding to cluster-admin is namespace-wide.
    if (b.ref.kind === 'ClusterRoleBinding' && b.rules.some((rule) => ruleAllows(rule, EVERYTHING))) {
      for (const s of b.reportable) {
        const subject: SubjectKey =
          s.namespace === undefined ? { kind: s.kind, name: s.name } : { kind: s.kind, name: s.name, namespace: s.namespace };
        const entry = star.get(subjectId(subject)) ?? { subject, bindings: [] };
        entry.bindings.push(b.ref);
        star.set(subjectId(subject), entry);
      }
    }
    // appliesToUser (rbac/validation/rule.go): a Group subject matches by name alone.
    const groups = [...new Set(b.subjects.filter((s) => s.kind === 'Group' && PUBLIC_GROUPS.has(s.name)).map((s) => s.name))].sort();
    if (groups.length > 0) publicBindings.push({ binding: b.ref, role: b.role, groups });
  }
  const objects: ClusterObjects = index.objects;
  return {
    kind: 'cluster',
    subjects: index.subjectsByRank.length,
    bindings: objects.roleBindings.length + objects.clusterRoleBindings.length,
    clusterWideStar: [...star.values()].sort((a, b) => subjectId(a.subject).localeCompare(subjectId(b.subject))),
    publicBindings,
    unresolvedBindings: index.unresolvedBindings,
  };
}

function asList(value: JsonValue | undefined): JsonValue[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * A statement that allows everything, unconditionally: Effect Allow, Action `*`, Resource `*`,
 * no Condition, and no NotAction / NotResource (which would carve something out).
 */
function allowsEverything(statement: JsonValue): boolean {
  if (!isJsonObject(statement) || statement.Effect !== 'Allow') return false;
  if ('NotAction' in statement || 'NotResource' in statement || 'NotPrincipal' in statement) return false;
  if (statement.Condition !== undefined && !(isJsonObject(statement.Condition) && Object.keys(statement.Condition).length === 0))
    return false;
  return asList(statement.Action).includes('*') && asList(statement.Resource).includes('*');
}

export function documentAllowsEverything(document: JsonObject): boolean {
  return asList(document.Statement).some(allowsEverything);
}

interface CloudIndex {
  policies: Map<string, CloudPolicyBody>;
  groups: Map<string, CloudGroupBody>;
}

function policyKey(type: string, name: string): string {
  return `${type}\u0000${name}`;
}

/** Account-wide attachments and inline policies that allow everything; resource-group attachments are scoped, so not admin. */
function adminGrants(ix: CloudIndex, attached: PolicyAttachment[], inline: InlinePolicy[] | undefined, viaGroup?: string): AdminGrant[] {
  const out: AdminGrant[] = [];
  for (const a of attached) {
    if (a.scope.kind !== 'account') continue;
    const policy = ix.policies.get(policyKey(a.policyType, a.policyName));
    if (policy && documentAllowsEverything(policy.document))
      out.push({ policyType: a.policyType, policyName: a.policyName, ...(viaGroup ? { viaGroup } : {}) });
  }
  for (const p of inline ?? []) {
    if (documentAllowsEverything(p.document)) out.push({ policyType: 'Inline', policyName: p.name, ...(viaGroup ? { viaGroup } : {}) });
  }
  return out;
}

/** AWS permissions boundaries cap identity policies: without `*:*` in the boundary, `*:*` elsewhere is not admin. */
function boundaryAllowsEverything(ix: CloudIndex, boundary: { policyType: PolicyType; policyName: string } | undefined): boolean {
  if (!boundary) return true;
  const policy = ix.policies.get(policyKey(boundary.policyType, boundary.policyName));
  return policy !== undefined && documentAllowsEverything(policy.document);
}

export function cloudHeadlines(objects: readonly StoredObject[]): CloudHeadlines {
  const ix: CloudIndex = { policies: new Map(), groups: new Map() };
  const users: [string, CloudUserBody][] = [];
  const roles: [string, CloudRoleBody][] = [];
  for (const o of objects) {
    // Bodies are written by our own collectors to the lib/core/ram/model.ts shapes.
    if (o.kind === 'CloudPolicy') ix.policies.set(policyKey(o.namespace, o.name), o.body as unknown as CloudPolicyBody);
    else if (o.kind === 'CloudGroup') ix.groups.set(o.name, o.body as unknown as CloudGroupBody);
    else if (o.kind === 'CloudUser') users.push([o.name, o.body as unknown as CloudUserBody]);
    else if (o.kind === 'CloudRole') roles.push([o.name, o.body as unknown as CloudRoleBody]);
  }
  const admins: CloudAdmin[] = [];
  for (const [name, user] of users) {
    if (!boundaryAllowsEverything(ix, user.permissionsBoundary)) continue;
    const grants = adminGrants(ix, user.attachedPolicies ?? [], user.inlinePolicies);
    for (const g of user.groups ?? []) {
      const group = ix.groups.get(g);
      if (group) grants.push(...adminGrants(ix, group.attachedPolicies ?? [], group.inlinePolicies, g));
    }
    if (grants.length > 0) admins.push({ kind: 'CloudUser', name, grants });
  }
  for (const [name, role] of roles) {
    if (!boundaryAllowsEverything(ix, role.permissionsBoundary)) continue;
    const grants = adminGrants(ix, role.attachedPolicies ?? [], role.inlinePolicies);
    if (grants.length > 0) admins.push({ kind: 'CloudRole', name, grants });
  }
  return { kind: 'cloud-account', users: users.length, groups: ix.groups.size, roles: roles.length, policies: ix.policies.size, admins };
}

/** Headlines of a snapshot's objects: a cloud account's when it holds cloud kinds, else a cluster's. */
export function headlinesOf(objects: readonly StoredObject[]): Headlines {
  if (objects.some((o) => isCloudKind(o.kind))) return cloudHeadlines(objects);
  return clusterHeadlines(buildAuthzIndex(toClusterObjects(objects.map((o) => o.body))));
}

/** The numbers of a headline set, in display order. */
export function headlineSeries(h: Headlines): HeadlineSeries[] {
  if (h.kind === 'cluster') {
    return [
      { key: 'subjects', label: 'Subjects', value: h.subjects },
      { key: 'bindings', label: 'Bindings', value: h.bindings },
      { key: 'clusterWideStar', label: 'Subjects with cluster-wide *', value: h.clusterWideStar.length },
      { key: 'publicBindings', label: 'Bindings to system:authenticated/unauthenticated', value: h.publicBindings.length },
      { key: 'unresolvedBindings', label: 'Bindings to missing roles', value: h.unresolvedBindings.length },
    ];
  }
  return [
    { key: 'principals', label: 'Users and roles', value: h.users + h.roles },
    { key: 'policies', label: 'Policies', value: h.policies },
    { key: 'admins', label: 'Principals with admin (*:*)', value: h.admins.length },
  ];
}
