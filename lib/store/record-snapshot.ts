import 'server-only';
// One collection run, start to end: the snapshot is finished when the collector succeeds and
// failed (with the reason) when it does not. Either way the last good snapshot is untouched.
import type { CollectResult, SnapshotSummary, SourceKind } from '../core/snapshot/types';
import type { Store } from './open-store';

/** A collector to run, or (for callers that collected already) its result. */
export type Collect = (() => Promise<CollectResult>) | CollectResult;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function recordSnapshot(store: Store, sourceName: string, kind: SourceKind, collect: Collect, origin: string): Promise<SnapshotSummary> {
  const source = await store.ensureSource({ name: sourceName, kind });
  const started = await store.startSnapshot(source.id, origin);
  let result: CollectResult;
  try {
    result = typeof collect === 'function' ? await collect() : collect;
  } catch (error) {
    return store.failSnapshot(started.id, `collection failed: ${describe(error)}`);
  }
  if (!result.ok) return store.failSnapshot(started.id, `${result.error.code}: ${result.error.message}`);
  try {
    return await store.finishSnapshot(started.id, result.snapshot);
  } catch (error) {
    // The finishing transaction rolled back; record why instead of leaving the snapshot running.
    return store.failSnapshot(started.id, `storing failed: ${describe(error)}`);
  }
}
