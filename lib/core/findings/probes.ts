// Permission rules ask the exact engine, never the role text: each rule names probe requests, and
// who-can (lib/core/rbac/who-can.ts) answers them with the upstream matching, so `*` verbs, groups
// and resources, `*/subresource` and `["get", "*"]` are expanded exactly as the API server would.
// A finding is one (subject, scope): the subject named in a binding, with the paths its own
// bindings give it; the scope is `cluster` for a ClusterRoleBinding's path, else the
// RoleBinding's namespace (pkg/registry/rbac/validation/rule.go VisitRulesFor: a RoleBinding
// counts only for requests in its own namespace).

import type { AuthzIndex } from '../rbac/authz-index';
import { candidateGrants } from '../rbac/candidate-grants';
import { compareStrings } from '../rbac/match-order';
import type { Match, ResourceRequest, WhoCanSubject } from '../rbac/types';
import { whoCan } from '../rbac/who-can';
import type { Evidence, FindingParty } from './types';

/** A request a permission rule asks the engine about. */
export interface Probe {
  verb: string;
  apiGroup: string;
  resource: string;
  subresource?: string;
  /**
   * `namespaced`: a request inside a namespace, which a RoleBinding grants in its own namespace
   * and a ClusterRoleBinding everywhere (asked over all namespaces). `cluster`: a cluster-scoped
   * request (namespace ''), which only ClusterRoleBindings grant.
   */
  scope: 'namespaced' | 'cluster';
  /** The object name asked for; '' (default) is any name, which a rule with resourceNames never matches. */
  name?: string;
  /**
   * Also ask, one by one, for every name a candidate rule lists in resourceNames: for verbs where
   * a grant on one named object is itself the risk (binding `cluster-admin`, impersonating
   * `system:masters`).
   */
  eachNamedObject?: boolean;
  /** How the evidence names the request when the default (`verb resource.group/subresource`) reads badly. */
  label?: string;
}

/** The finding-to-be of a check: evaluate.ts adds id, rule, severity, source and the built-in mark. */
export interface FindingDraft {
  subject: FindingParty | null;
  object: FindingParty | null;
  scope: string;
  evidence: Evidence[];
}

export const CLUSTER_SCOPE = 'cluster';

export function probeRequest(probe: Probe, name = probe.name ?? ''): ResourceRequest {
  return {
    kind: 'resource',
    verb: probe.verb,
    apiGroup: probe.apiGroup,
    resource: probe.resource,
    subresource: probe.subresource ?? '',
    namespace: '',
    name,
  };
}

/** `deployments.apps`, `pods/exec`, `certificatesigningrequests.certificates.k8s.io/approval` (kubectl's RESOURCE.GROUP/SUBRESOURCE). */
export function resourceText(apiGroup: string, resource: string, subresource = ''): string {
  return `${resource}${apiGroup === '' ? '' : `.${apiGroup}`}${subresource === '' ? '' : `/${subresource}`}`;
}

/** Where a request applies, as the evidence says it: `(all namespaces)`, `in namespace team`, or nothing when cluster-scoped. */
export function scopeSuffix(probeScope: Probe['scope'], scope: string): string {
  if (probeScope === 'cluster') return '';
  return scope === CLUSTER_SCOPE ? ' (all namespaces)' : ` in namespace ${scope}`;
}

/** `get secrets (all namespaces)`, `bind clusterroles.rbac.authorization.k8s.io named cluster-admin in namespace team`. */
export function probeText(probe: Probe, name: string, scope: string): string {
  if (probe.label !== undefined) return `${probe.label}${scopeSuffix(probe.scope, scope)}`;
  const named = name === '' ? '' : ` named ${name}`;
  return `${probe.verb} ${resourceText(probe.apiGroup, probe.resource, probe.subresource)}${named}${scopeSuffix(probe.scope, scope)}`;
}

export function scopeOfMatch(match: Match): string {
  return match.binding.kind === 'ClusterRoleBinding' ? CLUSTER_SCOPE : (match.binding.namespace ?? '');
}

export function subjectParty(s: Pick<WhoCanSubject, 'kind' | 'name' | 'namespace'>): FindingParty {
  return s.namespace === undefined ? { kind: s.kind, name: s.name } : { kind: s.kind, name: s.name, namespace: s.namespace };
}

/** The names to ask for: the probe's own, then (eachNamedObject) each name a rule that could match lists. */
function namesToAsk(index: AuthzIndex, probe: Probe): string[] {
  const own = probe.name ?? '';
  if (probe.eachNamedObject !== true) return [own];
  const named = new Set<string>();
  // candidateGrants settles verb, group and resource by the engine's own bucket keys; the names
  // it leaves open are exactly the resourceNames to ask about.
  for (const grant of candidateGrants(index, probeRequest(probe), probe.scope === 'namespaced')) {
    for (const name of grant.rule.resourceNames) if (name !== own) named.add(name);
  }
  return [own, ...[...named].sort(compareStrings)];
}

/** Probes asking the same question up to the name: a path already shown for one is not repeated for the next. */
function familyOf(probe: Probe): string {
  return [probe.verb, probe.apiGroup, probe.resource, probe.subresource ?? '', probe.scope].join('\u0000');
}

interface Pending {
  subject: FindingParty;
  scope: string;
  /** Evidence in probe order; one entry per request text. */
  grants: Map<string, Match[]>;
  shown: Map<string, Set<Match>>;
}

function pendingFor(out: Map<string, Pending>, subject: WhoCanSubject, scope: string): Pending {
  const key = `${subject.kind}\u0000${subject.namespace ?? ''}\u0000${subject.name}\u0000${scope}`;
  let pending = out.get(key);
  if (!pending) {
    pending = { subject: subjectParty(subject), scope, grants: new Map(), shown: new Map() };
    out.set(key, pending);
  }
  return pending;
}

function record(out: Map<string, Pending>, probe: Probe, name: string, subject: WhoCanSubject): void {
  const family = familyOf(probe);
  for (const match of subject.matchedBy) {
    const pending = pendingFor(out, subject, scopeOfMatch(match));
    let shown = pending.shown.get(family);
    if (!shown) pending.shown.set(family, (shown = new Set()));
    // who-can hands out one frozen Match per grant, so identity is the path.
    if (shown.has(match)) continue;
    shown.add(match);
    const text = probeText(probe, name, pending.scope);
    const list = pending.grants.get(text);
    if (list) list.push(match);
    else pending.grants.set(text, [match]);
  }
}

/** Every (subject, scope) that some probe is allowed for, with each allowed request and its paths as evidence. */
export function askProbes(index: AuthzIndex, probes: readonly Probe[]): FindingDraft[] {
  const out = new Map<string, Pending>();
  for (const probe of probes) {
    for (const name of namesToAsk(index, probe)) {
      const answer = whoCan(index, probeRequest(probe, name), { allNamespaces: probe.scope === 'namespaced' });
      for (const subject of answer.subjects) record(out, probe, name, subject);
    }
  }
  return [...out.values()].map((p) => ({
    subject: p.subject,
    object: null,
    scope: p.scope,
    evidence: [...p.grants].map(([request, matchedBy]): Evidence => ({ kind: 'grant', request, matchedBy })),
  }));
}
