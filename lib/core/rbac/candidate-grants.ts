// Finding the grants that could answer a who-can question, from the index's buckets.
// A superset only: who-can confirms every candidate with ruleAllows (upstream RuleAllows).

import type { AuthzIndex, Grant } from './authz-index';
import { combinedResource } from './rule-matches';
import type { AuthzRequest } from './types';

/** The bucket key of a resource grant: one verb, one API group, one resource entry of a rule. */
export function grantKey(verb: string, group: string, resource: string): string {
  return `${verb}\u0000${group}\u0000${resource}`;
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

// The index lists that hold every grant that could allow the request within the who-can scope
// (a superset, to be confirmed with ruleAllows; a grant can sit in several lists). A rule can
// only match through `*` or the exact verb, `*` or the exact group, and `*`, the exact combined
// resource or `*/<subresource>` (ResourceMatches), so those buckets suffice. Scope:
// ClusterRoleBindings always; RoleBindings of the request's namespace, or of every namespace
// with allNamespaces; none for non-resource requests.
export function candidateBuckets(index: AuthzIndex, request: AuthzRequest, allNamespaces = false): Grant[][] {
  const out: Grant[][] = [];
  const add = (list: Grant[] | undefined) => {
    if (list) out.push(list);
  };
  if (request.kind === 'nonResource') {
    for (const verb of request.verb === '*' ? ['*'] : [request.verb, '*']) add(index.nonResourceGrants.get(verb));
    return out;
  }
  const maps: (Map<string, Grant[]> | undefined)[] = allNamespaces
    ? [index.resourceGrantsAllScopes]
    : [index.resourceGrantsByScope.get(''), request.namespace === '' ? undefined : index.resourceGrantsByScope.get(request.namespace)];
  const keys = resourceKeys(request);
  for (const map of maps) if (map) for (const key of keys) add(map.get(key));
  return out;
}

/** The distinct grants of candidateBuckets. */
export function candidateGrants(index: AuthzIndex, request: AuthzRequest, allNamespaces = false): Set<Grant> {
  return new Set(candidateBuckets(index, request, allNamespaces).flat());
}
