// ACK: RAM identities in Kubernetes RBAC (ram-semantics.md A4). The console's Authorizations page
// writes bindings whose subject is {kind: User, name: "<RAM user UID | RAM role ID>"}; ack-ram-tool
// recognizes such subjects with ^(\d+)(-\d+)?$ and resolves them against ListUsers.UserId,
// ListRoles.RoleId and the account's own UID (pkg/ctl/rbac/binding). A subject of that shape that
// resolves to nothing is a binding left behind by a deleted user or role: an orphaned binding.
// What the optional -\d+ suffix means is not documented (open question 4); like ack-ram-tool we
// resolve the whole name first, then the UID before the suffix.
import type { ClusterObjects } from '../kube/types';
import type { CloudAccount } from '../ram/account/types';
import type { AckLinks, AckSubjectLink, BindingName } from './types';

export const ACK_SUBJECT_PATTERN = /^(\d+)(-\d+)?$/;

function resolve(account: CloudAccount, subject: string): AckSubjectLink['identity'] | null {
  const match = ACK_SUBJECT_PATTERN.exec(subject);
  if (!match) return null;
  for (const id of [subject, match[1] as string]) {
    const found = account.byId.get(id);
    if (found) {
      const principal = found.kind === 'user' ? account.users.get(found.name) : account.roles.get(found.name);
      return { kind: found.kind, name: found.name, ...(principal?.arn ? { arn: principal.arn } : {}) };
    }
    if (id === account.accountId) return { kind: 'account', name: account.accountId };
  }
  return null;
}

export function linkAckSubjects(objects: ClusterObjects, account: CloudAccount): AckLinks {
  const out: AckLinks = { linked: [], orphaned: [] };
  const bindings: { ref: BindingName; subjects: ClusterObjects['roleBindings'][number]['subjects'] }[] = [
    ...objects.clusterRoleBindings.map((b) => ({ ref: { kind: 'ClusterRoleBinding' as const, name: b.name }, subjects: b.subjects })),
    ...objects.roleBindings.map((b) => ({
      ref: { kind: 'RoleBinding' as const, name: b.name, namespace: b.namespace },
      subjects: b.subjects,
    })),
  ];
  for (const { ref, subjects } of bindings) {
    for (const subject of subjects) {
      if (subject.kind !== 'User' || !ACK_SUBJECT_PATTERN.test(subject.name)) continue;
      const identity = resolve(account, subject.name);
      if (identity) out.linked.push({ subject: subject.name, binding: ref, identity });
      else {
        out.orphaned.push({
          subject: subject.name,
          binding: ref,
          reason: `no RAM user or role of account ${account.accountId} has id ${subject.name}: the binding outlived its identity (or names another account's)`,
        });
      }
    }
  }
  return out;
}
