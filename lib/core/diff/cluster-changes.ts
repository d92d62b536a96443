// Field-level changes of a changed Kubernetes object, in the terms RBAC reasons in: rules added
// to or removed from a role (compared as upstream compares PolicyRules, order-sensitive lists),
// subjects added to or removed from a binding, a roleRef replaced (the API server forbids updating
// roleRef, so in a live cluster this means the binding was deleted and re-created), an
// aggregationRule changed. Everything else falls back to top-level fields.
import { canonicalJson } from '../kube/canonical-json';
import { toClusterObjects } from '../kube/to-cluster-objects';
import type { Binding, ClusterObjects, Labels, PolicyRule, Subject } from '../kube/types';
import { ruleKey } from '../rbac/aggregation';
import { isJsonObject, type JsonObject, type JsonValue, type StoredObject } from '../snapshot/types';
import { bindingSubjectText, roleRefText, ruleText } from './describe';
import type { FieldChange } from './types';

function multisetDiff<T>(before: readonly T[], after: readonly T[], key: (t: T) => string): { added: T[]; removed: T[] } {
  const counts = new Map<string, number>();
  for (const item of before) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  const added: T[] = [];
  for (const item of after) {
    const k = key(item);
    const n = counts.get(k) ?? 0;
    if (n > 0) counts.set(k, n - 1);
    else added.push(item);
  }
  const left = new Map<string, number>();
  for (const item of after) left.set(key(item), (left.get(key(item)) ?? 0) + 1);
  const removed: T[] = [];
  for (const item of before) {
    const k = key(item);
    const n = left.get(k) ?? 0;
    if (n > 0) left.set(k, n - 1);
    else removed.push(item);
  }
  return { added, removed };
}

export function ruleChanges(before: readonly PolicyRule[], after: readonly PolicyRule[]): FieldChange[] {
  const { added, removed } = multisetDiff(before, after, ruleKey);
  return [
    ...removed.map((r): FieldChange => ({ type: 'rule-removed', text: `rule removed: ${ruleText(r)}`, before: policyRuleJson(r) })),
    ...added.map((r): FieldChange => ({ type: 'rule-added', text: `rule added: ${ruleText(r)}`, after: policyRuleJson(r) })),
  ];
}

function policyRuleJson(rule: PolicyRule): JsonObject {
  return {
    verbs: rule.verbs,
    apiGroups: rule.apiGroups,
    resources: rule.resources,
    resourceNames: rule.resourceNames,
    nonResourceURLs: rule.nonResourceURLs,
  };
}

export const bindingSubjectKey = (s: Subject): string => `${s.kind}\u0000${s.namespace}\u0000${s.name}\u0000${s.apiGroup}`;

function subjectChanges(before: Binding, after: Binding): FieldChange[] {
  const { added, removed } = multisetDiff(before.subjects, after.subjects, bindingSubjectKey);
  const json = (s: Subject): JsonObject => ({ kind: s.kind, name: s.name, namespace: s.namespace });
  return [
    ...removed.map((s): FieldChange => ({ type: 'subject-removed', text: `subject ${bindingSubjectText(s)} removed`, before: json(s) })),
    ...added.map((s): FieldChange => ({ type: 'subject-added', text: `subject ${bindingSubjectText(s)} added`, after: json(s) })),
  ];
}

function labelChanges(type: 'labels-changed' | 'annotations-changed', before: Labels, after: Labels): FieldChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const moved = keys.filter((k) => before[k] !== after[k]);
  if (moved.length === 0) return [];
  const what = type === 'labels-changed' ? 'labels' : 'annotations';
  const parts = moved.map((k) =>
    after[k] === undefined ? `-${k}` : before[k] === undefined ? `+${k}=${after[k]}` : `${k}: ${before[k]} → ${after[k]}`,
  );
  return [{ type, text: `${what} changed: ${parts.join(', ')}`, before: { ...before }, after: { ...after } }];
}

function single(objects: ClusterObjects): Binding | undefined {
  return objects.roleBindings[0] ?? objects.clusterRoleBindings[0];
}

/** Top-level fields other than those `skip` names, compared by canonical JSON. */
export function topLevelChanges(before: JsonObject, after: JsonObject, skip: readonly string[]): FieldChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !skip.includes(k)).sort();
  const out: FieldChange[] = [];
  for (const key of keys) {
    const b: JsonValue | undefined = before[key];
    const a: JsonValue | undefined = after[key];
    if (b !== undefined && a !== undefined && canonicalJson(b) === canonicalJson(a)) continue;
    const change: FieldChange = {
      type: 'field-changed',
      text: b === undefined ? `${key} set` : a === undefined ? `${key} removed` : `${key} changed`,
    };
    if (b !== undefined) change.before = b;
    if (a !== undefined) change.after = a;
    if (typeof b !== 'object' && typeof a !== 'object') change.text = `${key}: ${String(b ?? '(unset)')} → ${String(a ?? '(unset)')}`;
    out.push(change);
  }
  return out;
}

function metadataOf(body: JsonObject): { labels: Labels; annotations: Labels } {
  const meta = isJsonObject(body.metadata) ? body.metadata : {};
  const strings = (v: JsonValue | undefined): Labels =>
    isJsonObject(v) ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
  return { labels: strings(meta.labels), annotations: strings(meta.annotations) };
}

function roleChanges(before: StoredObject, after: StoredObject): FieldChange[] {
  const parsedB = toClusterObjects([before.body]);
  const parsedA = toClusterObjects([after.body]);
  const b = parsedB.roles[0] ?? parsedB.clusterRoles[0];
  const a = parsedA.roles[0] ?? parsedA.clusterRoles[0];
  if (!b || !a) return [];
  const out = ruleChanges(b.rules, a.rules);
  const aggB = before.body.aggregationRule;
  const aggA = after.body.aggregationRule;
  if (canonicalJson(aggB ?? null) !== canonicalJson(aggA ?? null)) {
    const text =
      aggB === undefined ? 'aggregationRule added' : aggA === undefined ? 'aggregationRule removed' : 'aggregationRule selectors changed';
    out.push({ type: 'aggregation-changed', text, before: aggB ?? null, after: aggA ?? null });
  }
  return out;
}

function bindingChanges(before: ClusterObjects, after: ClusterObjects): FieldChange[] {
  const b = single(before);
  const a = single(after);
  if (!b || !a) return [];
  const out: FieldChange[] = [];
  if (b.roleRef.kind !== a.roleRef.kind || b.roleRef.name !== a.roleRef.name || b.roleRef.apiGroup !== a.roleRef.apiGroup) {
    out.push({
      type: 'role-ref-replaced',
      text: `roleRef replaced: ${roleRefText(b.roleRef)} → ${roleRefText(a.roleRef)}`,
      before: { kind: b.roleRef.kind, name: b.roleRef.name },
      after: { kind: a.roleRef.kind, name: a.roleRef.name },
    });
  }
  return [...out, ...subjectChanges(b, a)];
}

const RBAC_FIELDS = ['apiVersion', 'kind', 'metadata', 'rules', 'aggregationRule', 'subjects', 'roleRef'];

/** The field-level changes of a Kubernetes object whose hash changed. */
export function clusterObjectChanges(before: StoredObject, after: StoredObject): FieldChange[] {
  const out: FieldChange[] = [];
  if (before.kind === 'Role' || before.kind === 'ClusterRole') out.push(...roleChanges(before, after));
  if (before.kind === 'RoleBinding' || before.kind === 'ClusterRoleBinding') {
    out.push(...bindingChanges(toClusterObjects([before.body]), toClusterObjects([after.body])));
  }
  if (before.kind === 'APIResourceList') return apiResourceChanges(before.body, after.body);
  const mb = metadataOf(before.body);
  const ma = metadataOf(after.body);
  out.push(...labelChanges('labels-changed', mb.labels, ma.labels), ...labelChanges('annotations-changed', mb.annotations, ma.annotations));
  out.push(...topLevelChanges(before.body, after.body, RBAC_FIELDS));
  return out;
}

function apiResourceChanges(before: JsonObject, after: JsonObject): FieldChange[] {
  const names = (body: JsonObject): string[] =>
    (Array.isArray(body.resources) ? body.resources : []).flatMap((r) => (isJsonObject(r) && typeof r.name === 'string' ? [r.name] : []));
  const { added, removed } = multisetDiff(names(before), names(after), (n) => n);
  const parts = [...added.map((n) => `+${n}`), ...removed.map((n) => `-${n}`)];
  return [
    { type: 'api-resources-changed', text: parts.length > 0 ? `resources changed: ${parts.join(', ')}` : 'resource details changed' },
  ];
}
