// The upstream rule-matching functions, transcribed one for one:
// VerbMatches, APIGroupMatches, ResourceMatches, ResourceNameMatches, NonResourceURLMatches
// from kubernetes/kubernetes pkg/apis/rbac/v1/evaluation_helpers.go, and RuleAllows from
// plugin/pkg/auth/authorizer/rbac/rbac.go. Matching is exact and case-sensitive; the only
// wildcards are the ones these functions spell out.

import type { PolicyRule } from '../kube/types';
import type { AuthzRequest } from './types';

/** VerbMatches: `*` or an exact verb. `get` does not imply `list`; `GET` is not `get`. */
export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === '*' || v === verb);
}

/** APIGroupMatches: `*` or an exact group; the core group is ''. An empty list matches nothing. */
export function apiGroupMatches(rule: PolicyRule, apiGroup: string): boolean {
  return rule.apiGroups.some((g) => g === '*' || g === apiGroup);
}

// ResourceMatches(rule, combined, subresource): `*` matches every resource and subresource;
// otherwise the combined `resource[/subresource]` must be equal, or the rule entry is exactly
// `*/<subresource>` for a request that has that subresource. `pods/*` and `*/*` are literal.
export function resourceMatches(rule: PolicyRule, combinedResource: string, subresource: string): boolean {
  for (const r of rule.resources) {
    if (r === '*' || r === combinedResource) return true;
    if (subresource.length === 0) continue;
    if (r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) return true;
  }
  return false;
}

/** ResourceNameMatches: no resourceNames means any name (even ''); otherwise an exact name. `*` is literal. */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  if (rule.resourceNames.length === 0) return true;
  return rule.resourceNames.includes(name);
}

/**
 * NonResourceURLMatches: `*`, an exact path, or a rule ending in `*` whose text with ALL
 * trailing stars trimmed (strings.TrimRight) is a plain string prefix of the path.
 */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs) {
    if (u === '*' || u === path) return true;
    if (u.endsWith('*') && path.startsWith(trimTrailingStars(u))) return true;
  }
  return false;
}

function trimTrailingStars(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 42 /* '*' */) end--;
  return s.slice(0, end);
}

/** The combined resource string the authorizer compares: `resource` or `resource/subresource`. */
export function combinedResource(resource: string, subresource: string): string {
  return subresource === '' ? resource : `${resource}/${subresource}`;
}

/**
 * RuleAllows: a resource request is judged by verbs, apiGroups, resources and resourceNames;
 * a non-resource request by verbs and nonResourceURLs only.
 */
export function ruleAllows(rule: PolicyRule, request: AuthzRequest): boolean {
  if (request.kind === 'resource') {
    return (
      verbMatches(rule, request.verb) &&
      apiGroupMatches(rule, request.apiGroup) &&
      resourceMatches(rule, combinedResource(request.resource, request.subresource), request.subresource) &&
      resourceNameMatches(rule, request.name)
    );
  }
  return verbMatches(rule, request.verb) && nonResourceURLMatches(rule, request.path);
}
