// Permission subjects as one identity each.
import { parseServiceAccountUsername } from '../rbac/subject-matches';
import type { PermissionSubject } from './types';

/**
 * A binding subject as the identity it names: a User spelled system:serviceaccount:NS:NAME is
 * that ServiceAccount (the authenticator gives the account exactly that user name).
 */
export function canonicalSubject(kind: string, name: string, namespace: string | undefined): PermissionSubject {
  if (kind === 'User') {
    const sa = parseServiceAccountUsername(name);
    if (sa) return { kind: 'ServiceAccount', name: sa.name, namespace: sa.namespace };
  }
  if (kind === 'ServiceAccount') return { kind, name, namespace: namespace ?? '' };
  return { kind: kind === 'Group' ? 'Group' : 'User', name };
}
