// Finding the grants that could answer a who-can question, from the index's buckets.
//
// A bucket key is one verb, one API group and one resource entry of a rule. A rule can allow a
// resource request only through `*` or the exact verb (VerbMatches), `*` or the exact group
// (APIGroupMatches), and `*`, the exact combined resource or `*/<subresource>`
// (ResourceMatches; kubernetes/kubernetes pkg/apis/rbac/v1/evaluation_helpers.go). So the
// request's keys find every rule that can allow it, and a rule found under one of them has
// already passed those three checks: only ResourceNameMatches is left to decide
// (see entryAllows). Non-resource grants are keyed by verb only; their URLs are left.
//
// Layout: an answer can hold thousands of paths, and following pointers from grant to binding
// to path across the heap costs a cache miss each. So every list is a run of entries in flat
// arrays, ascending by grant rank (compareGrants order), and each entry carries what who-can
// needs (binding position, path, whether names are listed). A query reads a few runs front to
// back and merges them; it never sorts.

import type { AuthzIndex, Grant, IndexedBinding } from './authz-index';
import { combinedResource, resourceNameMatches, ruleAllows } from './rule-matches';
import type { AuthzRequest, Match } from './types';

export interface GrantBuckets {
  /** List ids of resource grants by scope ('' for ClusterRoleBindings, else the RoleBinding's namespace), then by grantKey. */
  byScope: Map<string, Map<string, number>>;
  /** List ids of the same grants over every scope, for all-namespaces questions. */
  allScopes: Map<string, number>;
  /** List ids of non-resource grants of ClusterRoleBindings, by verb or star. RoleBindings never grant them. */
  nonResource: Map<string, number>;
  /** List i holds entries listStart[i] to listStart[i + 1] - 1. */
  listStart: Int32Array;
  /** Per entry: the grant's rank, its binding's position in AuthzIndex.bindings, its path. */
  entryRank: Int32Array;
  entryBinding: Int32Array;
  entryMatch: Readonly<Match>[];
  /** Per entry: 1 where the rule lists resourceNames, the one resource check a key does not settle. */
  entryNamed: Uint8Array;
}

/**
 * The bucket key of a resource grant. Lengths make it injective: a request's verb or group is
 * free text, and a key collision would let a bucket answer for a rule it does not match.
 */
export function grantKey(verb: string, group: string, resource: string): string {
  return `${verb.length}:${group.length}:${verb}${group}${resource}`;
}

/** The distinct resource keys of a rule (a rule without groups or resources matches no resource request). */
function ruleKeys(verbs: Set<string>, groups: string[], resources: string[]): Set<string> {
  const keys = new Set<string>();
  for (const verb of verbs) for (const group of groups) for (const resource of resources) keys.add(grantKey(verb, group, resource));
  return keys;
}

interface NumberedLists {
  byScope: Map<string, Map<string, number>>;
  allScopes: Map<string, number>;
  nonResource: Map<string, number>;
  /** Length of each list. */
  counts: number[];
  /** The lists of grant `rank` are listsOfGrant[grantStart[rank]] to listsOfGrant[grantStart[rank + 1] - 1]. */
  listsOfGrant: number[];
  grantStart: number[];
}

/** First pass: which lists each grant goes into, and how long every list gets. */
function numberLists(grantsByRank: readonly Grant[]): NumberedLists {
  const out: NumberedLists = {
    byScope: new Map(),
    allScopes: new Map(),
    nonResource: new Map(),
    counts: [],
    listsOfGrant: [],
    grantStart: [],
  };
  const idIn = <K>(map: Map<K, number>, key: K): number => {
    let id = map.get(key);
    if (id === undefined) {
      id = out.counts.length;
      map.set(key, id);
      out.counts.push(0);
    }
    out.counts[id] = (out.counts[id] as number) + 1;
    return id;
  };
  for (const { binding, rule } of grantsByRank) {
    out.grantStart.push(out.listsOfGrant.length);
    const verbs = new Set(rule.verbs);
    if (binding.ref.kind === 'ClusterRoleBinding' && rule.nonResourceURLs.length > 0) {
      for (const verb of verbs) out.listsOfGrant.push(idIn(out.nonResource, verb));
    }
    let scoped = out.byScope.get(binding.namespace);
    if (!scoped) {
      scoped = new Map();
      out.byScope.set(binding.namespace, scoped);
    }
    for (const key of ruleKeys(verbs, rule.apiGroups, rule.resources)) {
      out.listsOfGrant.push(idIn(scoped, key), idIn(out.allScopes, key));
    }
  }
  out.grantStart.push(out.listsOfGrant.length);
  return out;
}

/**
 * Buckets over grants given in rank order, so that every list comes out ascending without a
 * sort: number and size the lists, then place each grant's entries in its lists.
 * `bindings` is AuthzIndex.bindings, whose positions the entries record.
 */
export function buildGrantBuckets(bindings: readonly IndexedBinding[], grantsByRank: readonly Grant[]): GrantBuckets {
  const { byScope, allScopes, nonResource, counts, listsOfGrant, grantStart } = numberLists(grantsByRank);
  const listStart = new Int32Array(counts.length + 1);
  counts.forEach((count, id) => {
    listStart[id + 1] = (listStart[id] as number) + count;
  });
  const entries = listStart[counts.length] as number;
  const out: GrantBuckets = {
    byScope,
    allScopes,
    nonResource,
    listStart,
    entryRank: new Int32Array(entries),
    entryBinding: new Int32Array(entries),
    entryMatch: new Array<Readonly<Match>>(entries),
    entryNamed: new Uint8Array(entries),
  };
  const position = new Map(bindings.map((b, i) => [b, i]));
  const cursor = listStart.slice(0, counts.length);
  grantsByRank.forEach((grant, rank) => {
    const binding = position.get(grant.binding) ?? 0;
    for (let i = grantStart[rank] as number; i < (grantStart[rank + 1] as number); i++) {
      const entry = (cursor[listsOfGrant[i] as number] as number)++;
      out.entryRank[entry] = rank;
      out.entryBinding[entry] = binding;
      out.entryMatch[entry] = grant.match;
      out.entryNamed[entry] = grant.rule.resourceNames.length > 0 ? 1 : 0;
    }
  });
  return out;
}

function resourceKeys(request: AuthzRequest & { kind: 'resource' }): string[] {
  const verbs = request.verb === '*' ? ['*'] : [request.verb, '*'];
  const groups = request.apiGroup === '*' ? ['*'] : [request.apiGroup, '*'];
  const resources = new Set([combinedResource(request.resource, request.subresource), '*']);
  if (request.subresource !== '') resources.add(`*/${request.subresource}`);
  const keys: string[] = [];
  for (const verb of verbs) for (const group of groups) for (const resource of resources) keys.push(grantKey(verb, group, resource));
  return keys;
}

/**
 * The ids of the lists that hold every grant that could allow the request within the who-can
 * scope (a grant can sit in several). Scope: ClusterRoleBindings always; RoleBindings of the
 * request's namespace, or of every namespace with allNamespaces; none for non-resource
 * requests. A resource request with namespace '' is cluster-scoped: ClusterRoleBindings only.
 */
export function candidateListIds(index: AuthzIndex, request: AuthzRequest, allNamespaces = false): number[] {
  const { buckets } = index;
  const out: number[] = [];
  const add = (id: number | undefined) => {
    if (id !== undefined) out.push(id);
  };
  if (request.kind === 'nonResource') {
    for (const verb of request.verb === '*' ? ['*'] : [request.verb, '*']) add(buckets.nonResource.get(verb));
    return out;
  }
  const maps = allNamespaces
    ? [buckets.allScopes]
    : [buckets.byScope.get(''), request.namespace === '' ? undefined : buckets.byScope.get(request.namespace)];
  const keys = resourceKeys(request);
  for (const map of maps) if (map) for (const key of keys) add(map.get(key));
  return out;
}

/**
 * Whether the grant of a list entry allows the request (RuleAllows). For a resource request
 * the list's key has settled verb, group and resource, so ResourceNameMatches decides, and only
 * rules that list names need looking at. Non-resource URLs are checked in full.
 */
export function entryAllows(index: AuthzIndex, entry: number, request: AuthzRequest): boolean {
  const { buckets } = index;
  if (request.kind === 'resource' && buckets.entryNamed[entry] === 0) return true;
  const { rule } = index.grantsByRank[buckets.entryRank[entry] as number] as Grant;
  return request.kind === 'resource' ? resourceNameMatches(rule, request.name) : ruleAllows(rule, request);
}

/** The lists of candidateListIds as grants (a superset, to be confirmed with ruleAllows). */
export function candidateBuckets(index: AuthzIndex, request: AuthzRequest, allNamespaces = false): Grant[][] {
  const { listStart, entryRank } = index.buckets;
  return candidateListIds(index, request, allNamespaces).map((id) =>
    Array.from(entryRank.subarray(listStart[id], listStart[id + 1]), (rank) => index.grantsByRank[rank] as Grant),
  );
}

/** The distinct grants of candidateBuckets. */
export function candidateGrants(index: AuthzIndex, request: AuthzRequest, allNamespaces = false): Set<Grant> {
  return new Set(candidateBuckets(index, request, allNamespaces).flat());
}
