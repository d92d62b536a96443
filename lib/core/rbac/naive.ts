// The straightforward evaluator: per query, look at every binding and every rule, with no
// index. It is the baseline for the benchmark and an independent cross-check for the indexed
// canI / whoCan (it shares only the upstream matching functions with them).

import type { ClusterObjects, PolicyRule } from '../kube/types';
import { ruleAllows } from './rule-matches';
import { subjectMatchesUser } from './subject-matches';
import type { AuthzRequest, BindingRef, Decision, Match, UserInfo, WhoCanAnswer, WhoCanSubject } from './types';
import { compareMatches } from './match-order';

interface PlainBinding {
  ref: BindingRef;
  namespace: string;
  subjects: ClusterObjects['roleBindings'][number]['subjects'];
  roleKind: string;
  roleName: string;
  rules: PolicyRule[] | undefined;
}

/** Every binding with its role's rules, resolved by scanning (GetRoleReferenceRules). */
function plainBindings(objects: ClusterObjects): PlainBinding[] {
  // Plain lookup tables built per call (last object wins); no state survives the query.
  const clusterRoles = new Map(objects.clusterRoles.map((r) => [r.name, r.rules]));
  const roles = new Map(objects.roles.map((r) => [`${r.namespace}/${r.name}`, r.rules]));
  const findClusterRole = (name: string) => clusterRoles.get(name);
  const findRole = (ns: string, name: string) => roles.get(`${ns}/${name}`);
  const out: PlainBinding[] = [];
  for (const b of objects.clusterRoleBindings) {
    const rules = b.roleRef.kind === 'ClusterRole' ? findClusterRole(b.roleRef.name) : undefined;
    out.push({
      ref: { kind: b.kind, name: b.name },
      namespace: '',
      subjects: b.subjects,
      roleKind: b.roleRef.kind,
      roleName: b.roleRef.name,
      rules,
    });
  }
  for (const b of objects.roleBindings) {
    const { kind, name } = b.roleRef;
    const rules = kind === 'ClusterRole' ? findClusterRole(name) : kind === 'Role' ? findRole(b.namespace, name) : undefined;
    out.push({
      ref: { kind: b.kind, name: b.name, namespace: b.namespace },
      namespace: b.namespace,
      subjects: b.subjects,
      roleKind: kind,
      roleName: name,
      rules,
    });
  }
  return out;
}

function matchesOf(b: PlainBinding, request: AuthzRequest): Match[] {
  const out: Match[] = [];
  (b.rules ?? []).forEach((rule, ruleIndex) => {
    if (ruleAllows(rule, request)) out.push({ binding: { ...b.ref }, role: { kind: b.roleKind, name: b.roleName }, ruleIndex });
  });
  return out;
}

/** VisitRulesFor + RuleAllows by brute force. */
export function naiveCanI(objects: ClusterObjects, user: UserInfo, request: AuthzRequest): Decision {
  const matchedBy: Match[] = [];
  for (const b of plainBindings(objects)) {
    const isCluster = b.ref.kind === 'ClusterRoleBinding';
    if (!isCluster && (request.kind !== 'resource' || request.namespace === '' || request.namespace !== b.namespace)) continue;
    if (!b.subjects.some((s) => subjectMatchesUser(s, user, b.namespace))) continue;
    matchedBy.push(...matchesOf(b, request));
  }
  matchedBy.sort(compareMatches);
  return { allowed: matchedBy.length > 0, matchedBy };
}

/** Who-can by brute force: every binding in scope, every rule, every subject. */
export function naiveWhoCan(objects: ClusterObjects, request: AuthzRequest, opts: { allNamespaces?: boolean } = {}): WhoCanAnswer {
  const found = new Map<string, { subject: WhoCanSubject; seen: Set<string> }>();
  plainBindings(objects).forEach((b, bindingIndex) => {
    const isCluster = b.ref.kind === 'ClusterRoleBinding';
    const inScope =
      isCluster ||
      (request.kind === 'resource' && (opts.allNamespaces === true || (request.namespace !== '' && request.namespace === b.namespace)));
    if (!inScope) return;
    const matches = matchesOf(b, request);
    if (matches.length === 0) return;
    for (const s of b.subjects) {
      let subject: WhoCanSubject;
      if (s.kind === 'User' || s.kind === 'Group') subject = { kind: s.kind, name: s.name, matchedBy: [] };
      else if (s.kind === 'ServiceAccount' && (s.namespace || b.namespace)) {
        subject = { kind: 'ServiceAccount', name: s.name, namespace: s.namespace || b.namespace, matchedBy: [] };
      } else continue;
      const key = `${subject.kind}/${subject.namespace ?? ''}/${subject.name}`;
      const entry = found.get(key) ?? { subject, seen: new Set<string>() };
      found.set(key, entry);
      for (const m of matches) {
        // The same subject listed twice in one binding is one path, not two.
        const pathKey = `${bindingIndex}/${m.ruleIndex}`;
        if (entry.seen.has(pathKey)) continue;
        entry.seen.add(pathKey);
        entry.subject.matchedBy.push(m);
      }
    }
  });
  const s = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const subjects = [...found.values()]
    .map((e) => e.subject)
    .sort((a, b) => s(a.kind, b.kind) || s(a.namespace ?? '', b.namespace ?? '') || s(a.name, b.name));
  for (const subject of subjects) subject.matchedBy.sort(compareMatches);
  return { subjects };
}
