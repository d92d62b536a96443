import 'server-only';
// What finishing a snapshot changes in the version table. A source's live set is its versions
// with toSeq NULL: the objects of its newest snapshot. Unchanged objects need no write at all,
// which is why storage grows with change and not with the number of snapshots.
import type { StoredObject } from '../core/snapshot/types';

export interface LiveVersion {
  id: number;
  kind: string;
  namespace: string;
  name: string;
  hash: string;
}

export interface LiveSetChange {
  /** Versions that end at this snapshot: the object was deleted or its content changed. */
  closedIds: number[];
  /** Objects that need a new version from this snapshot on: new, or changed content. */
  added: StoredObject[];
}

export function objectKey(o: { kind: string; namespace: string; name: string }): string {
  return `${o.kind}\u0000${o.namespace}\u0000${o.name}`;
}

/**
 * Kinds in `missingKinds` were not read this time, so their live versions are neither closed nor
 * confirmed: they stay live for later snapshots, and reads of this snapshot leave them out.
 */
export function diffLiveSet(
  live: readonly LiveVersion[],
  collected: readonly StoredObject[],
  missingKinds: ReadonlySet<string>,
): LiveSetChange {
  const incoming = new Map(collected.map((o) => [objectKey(o), o]));
  const closedIds: number[] = [];
  const unchanged = new Set<string>();
  for (const version of live) {
    if (missingKinds.has(version.kind)) continue;
    const key = objectKey(version);
    const now = incoming.get(key);
    if (now !== undefined && now.hash === version.hash) unchanged.add(key);
    else closedIds.push(version.id);
  }
  const added = collected.filter((o) => !unchanged.has(objectKey(o)));
  return { closedIds, added };
}
