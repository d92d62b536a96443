// Words for diff entries: how a rule, a subject, an object and a grant read in one line.
import type { PolicyRule, RoleRef, Subject } from '../kube/types';
import type { ObjectRef, PermissionSubject } from './types';

function list(values: readonly string[]): string {
  return values.length === 0 ? '(none)' : values.join(',');
}

/** `get,list secrets (core)` or `get /healthz`; resourceNames in brackets. */
export function ruleText(rule: PolicyRule): string {
  const parts: string[] = [];
  if (rule.resources.length > 0 || rule.nonResourceURLs.length === 0) {
    const groups = rule.apiGroups.map((g) => (g === '' ? 'core' : g));
    const names = rule.resourceNames.length > 0 ? ` [${rule.resourceNames.join(',')}]` : '';
    parts.push(`${list(rule.verbs)} ${list(rule.resources)} (${list(groups)})${names}`);
  }
  if (rule.nonResourceURLs.length > 0) parts.push(`${list(rule.verbs)} ${rule.nonResourceURLs.join(',')}`);
  return parts.join('; ');
}

export function objectText(ref: Pick<ObjectRef, 'kind' | 'namespace' | 'name'>): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/** A binding subject as written: `User alice`, `ServiceAccount ci/deployer`, `Group oidc:sre`. */
export function bindingSubjectText(subject: Subject): string {
  return `${subject.kind} ${subject.namespace ? `${subject.namespace}/` : ''}${subject.name}`;
}

export function roleRefText(ref: Pick<RoleRef, 'kind' | 'name'>): string {
  return `${ref.kind} ${ref.name}`;
}

export function subjectText(subject: PermissionSubject): string {
  return `${subject.kind} ${subject.namespace ? `${subject.namespace}/` : ''}${subject.name}`;
}

/** A stable key for a permission subject. */
export function subjectKey(subject: PermissionSubject): string {
  return `${subject.kind}\u0000${subject.namespace ?? ''}\u0000${subject.name}`;
}

/** `secrets`, `deployments.apps`, `*.*` (any resource in any group). */
export function resourceText(apiGroup: string, resource: string): string {
  return apiGroup === '' ? resource : `${resource}.${apiGroup}`;
}
