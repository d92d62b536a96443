// The whole diff of two snapshots of one source: objects, then permissions, with notices for
// what could not be compared. RBAC permissions are compared only when both sides hold every
// RBAC kind: without Roles, say, every grant would look lost.
import { toClusterObjects } from '../kube/to-cluster-objects';
import { buildAuthzIndex, type AuthzIndex } from '../rbac';
import { CLOUD_KINDS, RBAC_KINDS, isClusterKind, type StoredObject } from '../snapshot/types';
import { diffRamPermissions } from './ram-permission-diff';
import { diffObjects, excludedKinds } from './object-diff';
import { diffPermissions } from './permission-diff';
import type { DiffResult, DiffSide } from './types';

export interface DiffOptions {
  /** Prebuilt RBAC indexes of the two sides (a server caches them per snapshot). */
  fromIndex?: AuthzIndex;
  toIndex?: AuthzIndex;
}

function indexOf(objects: readonly StoredObject[]): AuthzIndex {
  return buildAuthzIndex(toClusterObjects(objects.filter((o) => isClusterKind(o.kind)).map((o) => o.body)));
}

function holdsRbac(side: DiffSide): boolean {
  return side.objects.some((o) => isClusterKind(o.kind)) || side.missingKinds.some((m) => isClusterKind(m.kind));
}

export function diffSnapshots(from: DiffSide, to: DiffSide, opts: DiffOptions = {}): DiffResult {
  const { kinds, notices } = excludedKinds(from, to);
  const objects = diffObjects(from, to, kinds);
  const empty = { gained: [], lost: [] };
  if (!holdsRbac(from) && !holdsRbac(to)) {
    const lackingCloud = CLOUD_KINDS.filter((k) => kinds.has(k));
    if (lackingCloud.length > 0) {
      notices.push(`permission changes are not computed: ${lackingCloud.join(', ')} missing from one side, so grants cannot be compared`);
      return { objects, permissions: empty, notices };
    }
    if (from.objects.length + to.objects.length === 0) return { objects, permissions: empty, notices };
    notices.push(
      "cloud permissions are Allow statements' actions x resources as written, less those an unconditional Deny (or an AWS permissions boundary) certainly blocks; " +
        'conditional grants are listed with their condition; Denies that only partly overlap, conditional Denies and boundaries that only partly allow are noted on the grant, not subtracted ' +
        '(ask can-i for a decision on one request)',
    );
    return { objects, permissions: diffRamPermissions(from.objects, to.objects, objects), notices };
  }
  const lacking = RBAC_KINDS.filter((k) => kinds.has(k));
  if (lacking.length > 0) {
    notices.push(`permission changes are not computed: ${lacking.join(', ')} missing from one side, so grants cannot be compared`);
    return { objects, permissions: empty, notices };
  }
  const permissions = diffPermissions(opts.fromIndex ?? indexOf(from.objects), opts.toIndex ?? indexOf(to.objects), objects);
  return { objects, permissions, notices };
}

/** True when the diff shows any change (what `diff --exit-code` reports). */
export function hasChanges(diff: DiffResult): boolean {
  const o = diff.objects;
  const p = diff.permissions;
  return o.added.length + o.removed.length + o.changed.length + p.gained.length + p.lost.length > 0;
}
