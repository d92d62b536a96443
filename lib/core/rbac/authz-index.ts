// A per-snapshot index over bindings and rules, built once and reused for many queries.
// It changes how candidates are found, never what is decided: what a bucket key does not
// settle is still checked with the upstream functions in rule-matches.ts (candidate-grants.ts
// says which checks a key settles), subjects with those of subject-matches.ts.
//
// Role resolution follows GetRoleReferenceRules (kubernetes/kubernetes
// pkg/registry/rbac/validation/rule.go): kind Role is looked up in the binding's own
// namespace, kind ClusterRole by name; anything else, or a missing role, grants nothing and
// is recorded (upstream visits the error and continues). roleRef.apiGroup is not consulted.

import type { Binding, ClusterObjects, PolicyRule, Subject } from '../kube/types';
import type { SubjectKey } from './match-order';
import { compareStrings, compareSubjects } from './match-order';
import type { GrantBuckets } from './candidate-grants';
import { buildGrantBuckets } from './candidate-grants';
import { effectiveServiceAccountNamespace, serviceAccountUsername } from './subject-matches';
import type { BindingRef, Match, RoleRefOut, UnresolvedBinding } from './types';

/** A subject the authorizer can match, with its position in the subject order (kind, namespace, name). */
export interface ReportableSubject extends SubjectKey {
  rank: number;
}

/** A binding whose role resolved, with the rules it grants (the role's stored rules). */
export interface IndexedBinding {
  ref: BindingRef;
  /** The RoleBinding's namespace; '' for a ClusterRoleBinding. */
  namespace: string;
  subjects: Subject[];
  role: RoleRefOut;
  rules: PolicyRule[];
  /** One grant per rule, in rule order. */
  grants: Grant[];
  /** Rank of (kind, namespace, name) in the path order: ClusterRoleBindings first. Equal for same-named duplicates. */
  order: number;
  /**
   * User, Group, and ServiceAccount subjects with their effective namespace, de-duplicated. A
   * ServiceAccount without namespace in a ClusterRoleBinding and unknown kinds match nobody and
   * are left out.
   */
  reportable: ReportableSubject[];
}

/** One (binding, rule) pair: the unit who-can looks up. */
export interface Grant {
  binding: IndexedBinding;
  ruleIndex: number;
  rule: PolicyRule;
  /** The path this grant stands for (frozen: shared by every answer that reports it). */
  match: Readonly<Match>;
  /** Position in the path order over the whole snapshot (compareGrants), so answers sort by number. */
  rank: number;
}

export interface AuthzIndex {
  objects: ClusterObjects;
  bindings: IndexedBinding[];
  unresolvedBindings: UnresolvedBinding[];
  /** Bindings with a subject matching this user name: User subjects, and ServiceAccount subjects by synthesized username. */
  bindingsByUserName: Map<string, IndexedBinding[]>;
  /** Bindings with a Group subject of this name. */
  bindingsByGroup: Map<string, IndexedBinding[]>;
  /**
   * Grants by scope and by (verb or star) x (group or star) x (combined resource, star, or
   * star-slash-subresource); see candidate-grants.ts. Partitioning by scope keeps a namespaced
   * question away from other namespaces.
   */
  buckets: GrantBuckets;
  /** Every grant at the position of its rank. */
  grantsByRank: Grant[];
  /** Every reportable subject at the position of its rank. */
  subjectsByRank: ReportableSubject[];
  /** What who-can reads of subjects, as flat arrays. */
  subjectTables: SubjectTables;
}

/**
 * Flat copies of the subjects who-can reports, by binding position and by subject rank. A
 * large answer names thousands of subjects; reading them from contiguous arrays instead of
 * following binding -> subject pointers across the heap is what keeps it fast.
 */
export interface SubjectTables {
  /** Binding position -> first index of its subjects in subjectRanks (one extra entry closes the last). */
  subjectStart: Int32Array;
  /** The reportable subjects' ranks of every binding, binding after binding. */
  subjectRanks: Int32Array;
  /** Subject rank -> kind, name, and namespace (ServiceAccounts only, else undefined). */
  subjectKind: ReportableSubject['kind'][];
  subjectName: string[];
  subjectNamespace: (string | undefined)[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

type Resolution = { ok: true; role: RoleRefOut; rules: PolicyRule[] } | { ok: false; reason: UnresolvedBinding['reason'] };

function roleLookups(objects: ClusterObjects): (kind: string, name: string, namespace: string, isCluster: boolean) => Resolution {
  // When names repeat, the last object wins (as `kubectl apply` of the files in order would leave it).
  const roles = new Map(objects.roles.map((r) => [`${r.namespace}\u0000${r.name}`, r.rules]));
  const clusterRoles = new Map(objects.clusterRoles.map((r) => [r.name, r.rules]));
  return (kind, name, namespace, isCluster) => {
    if (kind === 'ClusterRole') {
      const rules = clusterRoles.get(name);
      return rules ? { ok: true, role: { kind, name }, rules } : { ok: false, reason: 'missing-role' };
    }
    // A ClusterRoleBinding resolves with namespace '', where no Role can exist; API validation
    // forbids that roleRef, so it is reported as unsupported rather than missing.
    if (kind === 'Role' && !isCluster) {
      const rules = roles.get(`${namespace}\u0000${name}`);
      return rules ? { ok: true, role: { kind, name }, rules } : { ok: false, reason: 'missing-role' };
    }
    return { ok: false, reason: 'unsupported-kind' };
  };
}

interface ResolvedBinding {
  ref: BindingRef;
  namespace: string;
  subjects: Subject[];
  role: RoleRefOut;
  rules: PolicyRule[];
}

function resolveBindings(objects: ClusterObjects): { resolved: ResolvedBinding[]; unresolved: UnresolvedBinding[] } {
  const resolve = roleLookups(objects);
  const resolved: ResolvedBinding[] = [];
  const unresolved: UnresolvedBinding[] = [];
  const all: { ref: BindingRef; namespace: string; b: Binding }[] = [
    ...objects.clusterRoleBindings.map((b) => ({ ref: { kind: b.kind, name: b.name }, namespace: '', b })),
    ...objects.roleBindings.map((b) => ({ ref: { kind: b.kind, name: b.name, namespace: b.namespace }, namespace: b.namespace, b })),
  ];
  for (const { ref, namespace, b } of all) {
    const r = resolve(b.roleRef.kind, b.roleRef.name, namespace, ref.kind === 'ClusterRoleBinding');
    if (r.ok) resolved.push({ ref, namespace, subjects: b.subjects, role: r.role, rules: r.rules });
    else unresolved.push({ binding: ref, roleRef: { kind: b.roleRef.kind, name: b.roleRef.name }, reason: r.reason });
  }
  return { resolved, unresolved };
}

function subjectKeysOf(b: ResolvedBinding): SubjectKey[] {
  const out: SubjectKey[] = [];
  for (const s of b.subjects) {
    if (s.kind === 'User' || s.kind === 'Group') out.push({ kind: s.kind, name: s.name });
    else if (s.kind === 'ServiceAccount') {
      const ns = effectiveServiceAccountNamespace(s, b.namespace);
      if (ns !== '') out.push({ kind: 'ServiceAccount', name: s.name, namespace: ns });
    }
  }
  return out;
}

const keyOf = (s: SubjectKey) => `${s.kind}\u0000${s.namespace ?? ''}\u0000${s.name}`;

/**
 * Ranks every distinct reportable subject once, so answers sort by number instead of by
 * strings. One shared object per subject, created in rank order (a dense array, and answers
 * that read subjects in rank order read them close together).
 */
function rankSubjects(resolved: ResolvedBinding[]): {
  keys: SubjectKey[][];
  byKey: Map<string, ReportableSubject>;
  byRank: ReportableSubject[];
} {
  const keys = resolved.map(subjectKeysOf);
  const distinct = new Map<string, SubjectKey>();
  for (const list of keys) for (const k of list) distinct.set(keyOf(k), k);
  const sorted = [...distinct.entries()].sort(([, a], [, b]) => compareSubjects(a, b));
  const byRank = sorted.map(([, k], rank): ReportableSubject => ({ ...k, rank }));
  return { keys, byKey: new Map(sorted.map(([key], i) => [key, byRank[i] as ReportableSubject])), byRank };
}

/** Dense rank of (kind, namespace, name): ClusterRoleBindings first, as compareMatches orders paths. */
function rankBindings(resolved: ResolvedBinding[]): number[] {
  const kindRank = (b: ResolvedBinding) => (b.ref.kind === 'ClusterRoleBinding' ? 0 : 1);
  const cmp = (a: ResolvedBinding, b: ResolvedBinding) =>
    kindRank(a) - kindRank(b) || compareStrings(a.namespace, b.namespace) || compareStrings(a.ref.name, b.ref.name);
  const sorted = resolved.map((b, i) => ({ b, i })).sort((x, y) => cmp(x.b, y.b));
  const order = new Array<number>(resolved.length).fill(0);
  let rank = 0;
  sorted.forEach(({ b, i }, pos) => {
    const prev = sorted[pos - 1];
    if (prev && cmp(prev.b, b) !== 0) rank++;
    order[i] = rank;
  });
  return order;
}

function freezeMatch(m: Match): Readonly<Match> {
  Object.freeze(m.binding);
  Object.freeze(m.role);
  return Object.freeze(m);
}

function toIndexed(resolved: ResolvedBinding[]): { bindings: IndexedBinding[]; subjectsByRank: ReportableSubject[] } {
  const { keys, byKey, byRank } = rankSubjects(resolved);
  const order = rankBindings(resolved);
  const bindings = resolved.map((r, i) => {
    const reportable = [...new Set((keys[i] ?? []).map((k) => byKey.get(keyOf(k)) as ReportableSubject))];
    const binding: IndexedBinding = { ...r, grants: [], order: order[i] ?? 0, reportable };
    binding.grants = r.rules.map((rule, ruleIndex) => ({
      binding,
      ruleIndex,
      rule,
      match: freezeMatch({ binding: { ...r.ref }, role: { ...r.role }, ruleIndex }),
      rank: 0,
    }));
    return binding;
  });
  return { bindings, subjectsByRank: byRank };
}

function rankGrants(bindings: IndexedBinding[]): Grant[] {
  const all = bindings.flatMap((b) => b.grants).sort(compareGrants);
  all.forEach((g, i) => {
    g.rank = i;
  });
  return all;
}

/** Grants in path order: sorted by rank with a native numeric sort (answers can hold thousands). */
export function sortGrants(index: AuthzIndex, grants: readonly Grant[]): Grant[] {
  const ranks = new Int32Array(grants.length);
  for (let i = 0; i < grants.length; i++) ranks[i] = (grants[i] as Grant).rank;
  ranks.sort();
  const out = new Array<Grant>(ranks.length);
  for (let i = 0; i < ranks.length; i++) out[i] = index.grantsByRank[ranks[i] as number] as Grant;
  return out;
}

function indexSubjects(index: AuthzIndex, binding: IndexedBinding): void {
  const userNames = new Set<string>();
  const groups = new Set<string>();
  for (const s of binding.reportable) {
    if (s.kind === 'User') userNames.add(s.name);
    else if (s.kind === 'Group') groups.add(s.name);
    else userNames.add(serviceAccountUsername(s.namespace ?? '', s.name));
  }
  for (const name of userNames) push(index.bindingsByUserName, name, binding);
  for (const group of groups) push(index.bindingsByGroup, group, binding);
}

function subjectTables(bindings: IndexedBinding[], subjectsByRank: ReportableSubject[]): SubjectTables {
  const subjectStart = new Int32Array(bindings.length + 1);
  bindings.forEach((b, i) => {
    subjectStart[i + 1] = (subjectStart[i] as number) + b.reportable.length;
  });
  return {
    subjectStart,
    subjectRanks: Int32Array.from(bindings.flatMap((b) => b.reportable.map((s) => s.rank))),
    subjectKind: subjectsByRank.map((s) => s.kind),
    subjectName: subjectsByRank.map((s) => s.name),
    subjectNamespace: subjectsByRank.map((s) => s.namespace),
  };
}

/** Builds the index for one snapshot. Objects are used as given (run applyAggregation first for manifests). */
export function buildAuthzIndex(objects: ClusterObjects): AuthzIndex {
  const { resolved, unresolved } = resolveBindings(objects);
  const { bindings, subjectsByRank } = toIndexed(resolved);
  const grantsByRank = rankGrants(bindings);
  const index: AuthzIndex = {
    objects,
    bindings,
    unresolvedBindings: unresolved,
    bindingsByUserName: new Map(),
    bindingsByGroup: new Map(),
    buckets: buildGrantBuckets(bindings, grantsByRank),
    grantsByRank,
    subjectsByRank,
    subjectTables: subjectTables(bindings, subjectsByRank),
  };
  for (const binding of bindings) indexSubjects(index, binding);
  return index;
}

/** The path order of compareMatches, on precomputed binding ranks (use Grant.rank once the index is built). */
export function compareGrants(a: Grant, b: Grant): number {
  return (
    a.binding.order - b.binding.order ||
    a.ruleIndex - b.ruleIndex ||
    compareStrings(a.binding.role.kind, b.binding.role.kind) ||
    compareStrings(a.binding.role.name, b.binding.role.name)
  );
}
