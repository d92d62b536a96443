import 'server-only';
// Read models of the Subjects list and the Subject page, from one loaded snapshot. The page
// receives only what it shows: rule text, paths, matrix cells, bindings, pods.
import { z } from 'zod';
import type { ClusterObjects, PolicyRule, Subject } from '../core/kube/types';
import { subjectInventory, type InventorySubject } from '../core/inventory/subject-inventory';
import {
  accessMatrix,
  ALL_AUTHENTICATED_GROUP,
  ALL_UNAUTHENTICATED_GROUP,
  ANONYMOUS_USER,
  DEFAULT_MATRIX_VERBS,
  effectiveServiceAccountNamespace,
  rulesOf,
  serviceAccountGroups,
  serviceAccountUsername,
  type AccessMatrixRow,
  type AuthzIndex,
  type Identity,
  type Match,
  type SubjectRef,
  type UserInfo,
} from '../core/rbac';
import { IRSA_ROLE_ANNOTATION, RRSA_ROLE_ANNOTATION } from '../core/links/workload-roles';
import type { LoadedSnapshot } from './snapshot-index';

const inventories = new WeakMap<AuthzIndex, InventorySubject[]>();

/** Every subject of the snapshot with binding counts and privilege flags (cached per snapshot). */
export function listSubjects(loaded: LoadedSnapshot): InventorySubject[] {
  let list = inventories.get(loaded.index);
  if (!list) {
    list = subjectInventory(loaded.index);
    inventories.set(loaded.index, list);
  }
  return list;
}

export const subjectParamsSchema = z
  .object({
    kind: z.enum(['User', 'Group', 'ServiceAccount'], { error: 'kind must be User, Group or ServiceAccount' }),
    name: z.string({ error: 'name is required' }).min(1, 'name is required'),
    namespace: z.string().optional(),
    matrixNamespace: z.string().optional(),
  })
  .refine((p) => p.kind !== 'ServiceAccount' || (p.namespace ?? '') !== '', {
    error: 'namespace is required for a ServiceAccount',
    path: ['namespace'],
  })
  .refine((p) => p.kind === 'ServiceAccount' || (p.namespace ?? '') === '', {
    error: 'namespace is only for a ServiceAccount',
    path: ['namespace'],
  });

export type SubjectParams = z.infer<typeof subjectParamsSchema>;

export type RuleView = Pick<PolicyRule, 'verbs' | 'apiGroups' | 'resources' | 'resourceNames' | 'nonResourceURLs'>;

export interface EffectiveRuleView {
  rule: RuleView;
  match: Match;
  via: SubjectRef;
}

export interface HeldBinding {
  binding: Match['binding'];
  role: { kind: string; name: string };
  via: SubjectRef;
  /** false when the role is missing: the binding grants nothing. */
  resolved: boolean;
}

export interface SubjectDetail {
  subject: Identity;
  /** Rules grouped by where they apply: '' (cluster-wide) first, then namespaces. */
  rulesByNamespace: { namespace: string; rules: EffectiveRuleView[] }[];
  bindings: HeldBinding[];
  matrix: { namespace: string; namespaces: string[]; verbs: string[]; rows: AccessMatrixRow[] };
  pods: { namespace: string; name: string; owner?: { kind: string; name: string } }[];
  /** Cloud roles a ServiceAccount is annotated to assume (RRSA / IRSA). */
  cloudRoles: { mechanism: 'rrsa' | 'irsa'; role: string }[];
  serviceAccountExists?: boolean;
  /** The groups the identity is evaluated with (the authenticator adds them). */
  groups: string[];
}

function userOf(who: Identity): UserInfo {
  if (who.kind === 'ServiceAccount') {
    const ns = who.namespace ?? '';
    return { name: serviceAccountUsername(ns, who.name), groups: [...serviceAccountGroups(ns), ALL_AUTHENTICATED_GROUP] };
  }
  if (who.kind === 'User')
    return { name: who.name, groups: [who.name === ANONYMOUS_USER ? ALL_UNAUTHENTICATED_GROUP : ALL_AUTHENTICATED_GROUP] };
  // A group on its own: a request carrying only that group (no user binding can match an empty name).
  return { name: '', groups: [who.name] };
}

function ruleView(rule: PolicyRule): RuleView {
  const { verbs, apiGroups, resources, resourceNames, nonResourceURLs } = rule;
  return { verbs, apiGroups, resources, resourceNames, nonResourceURLs };
}

function namesSubject(who: Identity, s: Subject, bindingNs: string): boolean {
  if (s.kind !== who.kind || s.name !== who.name) return false;
  return who.kind !== 'ServiceAccount' || effectiveServiceAccountNamespace(s, bindingNs) === who.namespace;
}

/** Bindings to missing roles that name the subject itself: shown so a reader sees they grant nothing. */
function unresolvedHeld(index: AuthzIndex, who: Identity): HeldBinding[] {
  const objects = index.objects;
  const out: HeldBinding[] = [];
  for (const u of index.unresolvedBindings) {
    const ns = u.binding.namespace ?? '';
    const b =
      u.binding.kind === 'ClusterRoleBinding'
        ? objects.clusterRoleBindings.find((x) => x.name === u.binding.name)
        : objects.roleBindings.find((x) => x.namespace === ns && x.name === u.binding.name);
    const subject = b?.subjects.find((s) => namesSubject(who, s, ns));
    if (subject) out.push({ binding: u.binding, role: u.roleRef, via: { kind: subject.kind, name: subject.name }, resolved: false });
  }
  return out;
}

function matrixNamespaceFor(who: Identity, requested: string | undefined, rulesNs: string[]): string {
  if (requested !== undefined) return requested;
  if (who.kind === 'ServiceAccount') return who.namespace ?? '';
  return rulesNs.find((ns) => ns !== '') ?? '';
}

function podsOf(objects: ClusterObjects, who: Identity): SubjectDetail['pods'] {
  if (who.kind !== 'ServiceAccount') return [];
  return objects.pods
    .filter((p) => p.namespace === who.namespace && (p.serviceAccountName || 'default') === who.name)
    .map((p) => ({ namespace: p.namespace, name: p.name, ...(p.owner && { owner: p.owner }) }));
}

function cloudRolesOf(objects: ClusterObjects, who: Identity): SubjectDetail['cloudRoles'] {
  if (who.kind !== 'ServiceAccount') return [];
  const sa = objects.serviceAccounts.find((s) => s.namespace === who.namespace && s.name === who.name);
  if (!sa) return [];
  const out: SubjectDetail['cloudRoles'] = [];
  const rrsa = sa.annotations[RRSA_ROLE_ANNOTATION];
  const irsa = sa.annotations[IRSA_ROLE_ANNOTATION];
  if (rrsa) out.push({ mechanism: 'rrsa', role: rrsa });
  if (irsa) out.push({ mechanism: 'irsa', role: irsa });
  return out;
}

export function subjectDetail(loaded: LoadedSnapshot, params: SubjectParams): SubjectDetail {
  const { index, objects } = loaded;
  const who: Identity =
    params.kind === 'ServiceAccount'
      ? { kind: params.kind, name: params.name, namespace: params.namespace ?? '' }
      : { kind: params.kind, name: params.name };
  const rules = rulesOf(index, who);
  const grouped = new Map<string, EffectiveRuleView[]>();
  const held = new Map<string, HeldBinding>();
  for (const r of rules) {
    const list = grouped.get(r.namespace) ?? [];
    list.push({ rule: ruleView(r.rule), match: r.match, via: r.via });
    grouped.set(r.namespace, list);
    const key = `${r.match.binding.kind}/${r.match.binding.namespace ?? ''}/${r.match.binding.name}`;
    if (!held.has(key)) held.set(key, { binding: r.match.binding, role: r.match.role, via: r.via, resolved: true });
  }
  const namespaces = objects.namespaces.map((n) => n.name).sort();
  const matrixNs = matrixNamespaceFor(who, params.matrixNamespace, [...grouped.keys()]);
  const verbs = [...DEFAULT_MATRIX_VERBS];
  return {
    subject: who,
    rulesByNamespace: [...grouped.entries()].map(([namespace, list]) => ({ namespace, rules: list })),
    bindings: [...held.values(), ...unresolvedHeld(index, who)],
    matrix: { namespace: matrixNs, namespaces, verbs, rows: accessMatrix(index, userOf(who), matrixNs, objects.apiResources, verbs) },
    pods: podsOf(objects, who),
    cloudRoles: cloudRolesOf(objects, who),
    ...(who.kind === 'ServiceAccount' && {
      serviceAccountExists: objects.serviceAccounts.some((s) => s.namespace === who.namespace && s.name === who.name),
    }),
    groups: userOf(who).groups,
  };
}
