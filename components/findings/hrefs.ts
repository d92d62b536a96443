// Links to the findings page and a finding's detail, spelled in one place (the page's parameters:
// lib/server/findings/filter.ts).
import { patternText } from '../../lib/core/findings/suppress';
import type { FindingsFilter } from '../../lib/server/findings/filter';
import { cloudSubjectHref, policyHref } from '../cloud/hrefs';
import { bindingHref, roleHref, subjectHref } from '../subjects/hrefs';

/** The findings page's search string for a filter: only what differs from the defaults. */
export function findingsSearch(filter: Partial<FindingsFilter>): string {
  const search = new URLSearchParams();
  if (filter.source !== undefined) search.set('source', filter.source);
  if (filter.snapshotId !== undefined) search.set('snapshot', String(filter.snapshotId));
  if (filter.severity !== undefined) search.set('severity', filter.severity);
  if (filter.rule !== undefined) search.set('rule', filter.rule);
  if (filter.namespace !== undefined) search.set('namespace', filter.namespace);
  if (filter.subject !== undefined) search.set('subject', filter.subject);
  if (filter.role !== undefined) search.set('role', filter.role);
  if (filter.showBuiltIn) search.set('builtin', '1');
  if (filter.showSuppressed) search.set('suppressed', '1');
  return search.toString();
}

export function findingsHref(filter: Partial<FindingsFilter>): string {
  const search = findingsSearch(filter);
  return search === '' ? '/findings' : `/findings?${search}`;
}

/** One finding of one snapshot (its id is stable across snapshots; the snapshot says which evidence). */
export function findingHref(id: string, source: string, snapshotId?: number): string {
  const search = new URLSearchParams({ source });
  if (snapshotId !== undefined) search.set('snapshot', String(snapshotId));
  return `/findings/${encodeURIComponent(id)}?${search.toString()}`;
}

/** The page of a finding's subject or object: a subject's, a role's or a binding's; null for kinds without one (a Pod). */
export function partyHref(source: string, party: { kind: string; name: string; namespace?: string | undefined }): string | null {
  switch (party.kind) {
    case 'User':
    case 'Group':
    case 'ServiceAccount':
      return subjectHref(source, party);
    case 'Role':
    case 'ClusterRole':
      return roleHref(source, party);
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return bindingHref(source, party);
    case 'CloudUser':
    case 'CloudGroup':
    case 'CloudRole':
      return cloudSubjectHref(source, party.kind, party.name);
    case 'CloudPolicy':
      // A policy's namespace is its type (System, Custom, AWS managed ...).
      return party.namespace ? policyHref(source, { type: party.namespace, name: party.name }) : null;
    default:
      return null;
  }
}

/** `kind/namespace/name`, as the marks, the suppressions and the findings filters spell a party. */
export function partyPattern(party: { kind: string; name: string; namespace?: string | undefined }): string {
  return patternText(party);
}

/** A role as the marks and the `role` filter key it: a Role in its namespace, a ClusterRole with none. */
export function rolePattern(role: { kind: string; name: string; namespace?: string | undefined }): string {
  return role.kind === 'Role' ? `Role/${role.namespace ?? ''}/${role.name}` : `ClusterRole//${role.name}`;
}

/** The findings a subject's mark counts: its own, built-in ones shown when the mark counts some. */
export function subjectFindingsHref(
  source: string,
  subject: { kind: string; name: string; namespace?: string | undefined },
  options: { showBuiltIn?: boolean; snapshotId?: number | undefined } = {},
): string {
  return findingsHref({
    source,
    subject: partyPattern(subject),
    ...(options.showBuiltIn && { showBuiltIn: true }),
    ...(options.snapshotId !== undefined && { snapshotId: options.snapshotId }),
  });
}

/** The findings a role's mark counts: those whose evidence passes through it. */
export function roleFindingsHref(
  source: string,
  role: { kind: string; name: string; namespace?: string | undefined },
  options: { showBuiltIn?: boolean; snapshotId?: number | undefined } = {},
): string {
  return findingsHref({
    source,
    role: rolePattern(role),
    ...(options.showBuiltIn && { showBuiltIn: true }),
    ...(options.snapshotId !== undefined && { snapshotId: options.snapshotId }),
  });
}
