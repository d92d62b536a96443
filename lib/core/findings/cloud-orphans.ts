// ram.orphan-ack-binding: an RBAC binding in a linked ACK cluster whose User subject is shaped like a
// RAM UserId/RoleId (ACK's Authorizations page writes them) that no user or role of the account has
// (lib/core/links/ack-subjects.ts, ram-semantics.md A4): whoever is later given that id, or the
// account it really belongs to, inherits the binding's cluster rights.
import type { ClusterObjects } from '../kube/types';
import { linkAckSubjects } from '../links/ack-subjects';
import type { CloudAccount } from '../ram/account/types';
import { ACCOUNT_SCOPE } from './cloud-evidence';
import type { CloudFindingDraft } from './cloud-permissions';

/** A cluster linked to the account, as the account's findings read it. */
export interface LinkedClusterBindings {
  /** The cluster source's name. */
  source: string;
  /** Its latest usable snapshot's objects (RBAC bindings), or absent when it has none. */
  objects?: ClusterObjects;
  /** Why `objects` is absent (no usable snapshot, bindings not collected). */
  unavailable?: string;
}

/** Why the rule cannot run, or undefined. `clusters` undefined: the caller passed no link input at all. */
export function orphansUnavailable(account: CloudAccount, clusters: readonly LinkedClusterBindings[] | undefined): string | undefined {
  if (account.provider !== 'alibaba') {
    return "ACK bindings name RAM UIDs; an AWS account's clusters map IAM identities through aws-auth, which is not collected";
  }
  if (clusters === undefined || clusters.length === 0) return 'no ACK cluster is linked to this account';
  if (clusters.every((c) => c.objects === undefined)) {
    return `no linked cluster has a usable snapshot: ${clusters.map((c) => `${c.source} (${c.unavailable ?? 'no snapshot'})`).join(', ')}`;
  }
  return undefined;
}

export function orphanDrafts(account: CloudAccount, clusters: readonly LinkedClusterBindings[]): CloudFindingDraft[] {
  const out: CloudFindingDraft[] = [];
  for (const cluster of clusters) {
    if (!cluster.objects) continue;
    for (const o of linkAckSubjects(cluster.objects, account).orphaned) {
      const binding = { kind: o.binding.kind, name: o.binding.name, ...(o.binding.namespace ? { namespace: o.binding.namespace } : {}) };
      out.push({
        subject: { kind: 'RamId', name: o.subject },
        object: {
          kind: 'AckBinding',
          namespace: cluster.source,
          name: [o.binding.kind, o.binding.namespace, o.binding.name].filter(Boolean).join('/'),
        },
        scope: ACCOUNT_SCOPE,
        evidence: [
          {
            kind: 'object',
            object: binding,
            field: 'subjects',
            value: { cluster: cluster.source, subject: { kind: 'User', name: o.subject }, reason: o.reason },
          },
        ],
      });
    }
  }
  return out;
}
