// Headline counts of one snapshot, with the lists behind them, for the overview and the timeline.
// Pure: the caller reads the snapshot's objects; snapshots never change, so callers may cache by id.
import type { ClusterObjects } from './kube/types';
import { toClusterObjects } from './kube/to-cluster-objects';
import { ALL_AUTHENTICATED_GROUP, ALL_UNAUTHENTICATED_GROUP, buildAuthzIndex, ruleAllows, type AuthzIndex } from './rbac';
import type { BindingRef, ResourceRequest, UnresolvedBinding } from './rbac/types';
import type { SubjectKey } from './rbac/match-order';
import { accountFromCloudObjects, cloudAdmins, type CloudAccount, type CloudAdmin } from './ram/account';
import { decodeCloudObjects, type CloudObjects } from './ram/decode-bodies';
import { isCloudKind, type StoredObject } from './snapshot/types';

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

// The admin verdict is the engine's (lib/core/ram/account/admin.ts, where the definition is);
// its types keep their old names here for the readers of the headlines.
export type { AdminCondition, AdminGrant, CloudAdmin } from './ram/account';

export interface CloudHeadlines {
  kind: 'cloud-account';
  users: number;
  groups: number;
  roles: number;
  policies: number;
  /** Users and roles the engine allows every admin probe, unconditionally (lib/core/ram/account/admin.ts). */
  admins: CloudAdmin[];
  /** Users and roles allowed the probes only under conditions a question would have to settle. */
  conditionalAdmins: CloudAdmin[];
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

/** Headlines of a cloud snapshot's objects. Throws CloudBodyError when a body does not decode. */
export function cloudHeadlines(objects: readonly StoredObject[]): CloudHeadlines {
  const cloud = decodeCloudObjects(objects);
  return cloudHeadlinesOf(cloud, accountFromCloudObjects(cloud));
}

/** Headlines of decoded objects and the account built from them (a caller holding both builds nothing). */
export function cloudHeadlinesOf(cloud: CloudObjects, account: CloudAccount): CloudHeadlines {
  const { admins, conditional } = cloudAdmins(account);
  return {
    kind: 'cloud-account',
    users: cloud.users.length,
    groups: new Set(cloud.groups.map((g) => g.name)).size,
    roles: cloud.roles.length,
    policies: new Set(cloud.policies.map((p) => `${p.namespace}/${p.name}`)).size,
    admins,
    conditionalAdmins: conditional,
  };
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
    { key: 'conditionalAdmins', label: 'Principals with admin under conditions', value: h.conditionalAdmins.length },
  ];
}
