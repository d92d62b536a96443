// Objects added, removed and changed between two snapshots of one source. Objects are matched
// by (kind, namespace, name) and compared by content hash first, so unchanged objects cost one
// string comparison. A kind one side could not read (a partial snapshot) is left out with a
// notice: its objects are unknown there, and showing them as removed or added would be a lie.
import { isCloudKind, type MissingKind, type SnapshotKind, type StoredObject } from '../snapshot/types';
import { cloudObjectChanges } from './cloud-changes';
import { clusterObjectChanges } from './cluster-changes';
import type { ChangedObject, DiffSide, ObjectDiff, ObjectRef } from './types';

export const keyOfObject = (o: Pick<ObjectRef, 'kind' | 'namespace' | 'name'>): string => `${o.kind}\u0000${o.namespace}\u0000${o.name}`;

export function refOf(o: Pick<ObjectRef, 'kind' | 'namespace' | 'name'>): ObjectRef {
  return { kind: o.kind, name: o.name, namespace: o.namespace };
}

function compareRefs(a: ObjectRef, b: ObjectRef): number {
  return a.kind.localeCompare(b.kind) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);
}

/** Kinds either side lacks, with a notice each naming the side and the reason. */
export function excludedKinds(from: DiffSide, to: DiffSide): { kinds: Set<SnapshotKind>; notices: string[] } {
  const kinds = new Set<SnapshotKind>();
  const notices: string[] = [];
  const note = (side: DiffSide, m: MissingKind) => {
    kinds.add(m.kind);
    notices.push(
      `${m.kind} is missing from ${side.label} (${m.reason}): ${m.kind} objects are left out of this diff, not shown as added or removed`,
    );
  };
  for (const m of from.missingKinds) note(from, m);
  for (const m of to.missingKinds) note(to, m);
  return { kinds, notices };
}

export function objectChanges(before: StoredObject, after: StoredObject) {
  return isCloudKind(before.kind) ? cloudObjectChanges(before, after) : clusterObjectChanges(before, after);
}

/** The object diff of two sides, leaving out `excluded` kinds. Sorted by kind, namespace, name. */
export function diffObjects(from: DiffSide, to: DiffSide, excluded: ReadonlySet<SnapshotKind> = new Set()): ObjectDiff {
  const before = new Map<string, StoredObject>();
  for (const o of from.objects) if (!excluded.has(o.kind)) before.set(keyOfObject(o), o);
  const added: ObjectRef[] = [];
  const changed: ChangedObject[] = [];
  const seen = new Set<string>();
  for (const o of to.objects) {
    if (excluded.has(o.kind)) continue;
    const key = keyOfObject(o);
    seen.add(key);
    const old = before.get(key);
    if (!old) added.push(refOf(o));
    else if (old.hash !== o.hash) {
      const changes = objectChanges(old, o);
      // The hash covers every stored field; those not compared above (e.g. metadata beyond labels) still count.
      if (changes.length === 0) changes.push({ type: 'field-changed', text: 'metadata changed' });
      changed.push({ ...refOf(o), changes });
    }
  }
  const removed = [...before].filter(([key]) => !seen.has(key)).map(([, o]) => refOf(o));
  return { added: added.sort(compareRefs), removed: removed.sort(compareRefs), changed: changed.sort(compareRefs) };
}
