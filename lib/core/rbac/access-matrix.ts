// A rakkess-style access matrix: for one user and one scope, which verbs are allowed on
// which resources. Each cell is a canI decision on a request without a name (as `kubectl
// get pods` or `kubectl create` would send), so rules restricted by resourceNames never fill it.

import type { ApiResource } from '../kube/types';
import type { AuthzIndex } from './authz-index';
import { compareStrings } from './match-order';
import { canI } from './can-i';
import type { UserInfo } from './types';

export const DEFAULT_MATRIX_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'] as const;

export interface AccessMatrixRow {
  resource: string;
  group: string;
  namespaced: boolean;
  /** Verb -> allowed. A verb discovery says the resource does not serve is omitted, not false. */
  verbs: Record<string, boolean>;
}

/**
 * Resources named in the snapshot's rules, for when no discovery data is at hand. Wildcards
 * (a star group or resource, or star-slash-subresource) name no concrete resource and are skipped. Scope and verbs are
 * unknown, so each resource is evaluated at the requested scope with every requested verb.
 */
export function resourcesFromRules(index: AuthzIndex, namespaced: boolean): ApiResource[] {
  const seen = new Map<string, ApiResource>();
  const allRules = [...index.objects.roles, ...index.objects.clusterRoles].flatMap((r) => r.rules);
  for (const rule of allRules) {
    for (const group of rule.apiGroups) {
      if (group === '*') continue;
      for (const name of rule.resources) {
        if (name === '*' || name.startsWith('*/')) continue;
        const key = `${group}\u0000${name}`;
        if (!seen.has(key)) seen.set(key, { group, version: '', name, kind: '', namespaced, verbs: [] });
      }
    }
  }
  return [...seen.values()];
}

function splitResource(name: string): { resource: string; subresource: string } {
  const slash = name.indexOf('/');
  return slash < 0 ? { resource: name, subresource: '' } : { resource: name.slice(0, slash), subresource: name.slice(slash + 1) };
}

/**
 * One row per resource in scope: cluster-scoped resources for namespace '', namespaced ones
 * otherwise. With `resources` empty the list comes from the snapshot's rules (resourcesFromRules).
 * When discovery lists a resource's verbs, verbs it does not serve are omitted from the row
 * (asking would be meaningless); with no verbs listed every requested verb is shown.
 */
export function accessMatrix(
  index: AuthzIndex,
  user: UserInfo,
  namespace: string,
  resources: ApiResource[],
  verbs: readonly string[] = DEFAULT_MATRIX_VERBS,
): AccessMatrixRow[] {
  const namespaced = namespace !== '';
  const inScope = resources.length > 0 ? resources.filter((r) => r.namespaced === namespaced) : resourcesFromRules(index, namespaced);
  const rows = new Map<string, AccessMatrixRow>();
  for (const res of inScope) {
    const key = `${res.group}\u0000${res.name}`;
    if (rows.has(key)) continue; // the same resource served in several versions
    const { resource, subresource } = splitResource(res.name);
    const record: Record<string, boolean> = {};
    for (const verb of verbs) {
      if (res.verbs.length > 0 && !res.verbs.includes(verb)) continue;
      const request = { kind: 'resource' as const, verb, apiGroup: res.group, resource, subresource, namespace, name: '' };
      record[verb] = canI(index, user, request).allowed;
    }
    rows.set(key, { resource: res.name, group: res.group, namespaced, verbs: record });
  }
  return [...rows.values()].sort((a, b) => compareStrings(a.resource, b.resource) || compareStrings(a.group, b.group));
}
