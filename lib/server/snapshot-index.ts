import 'server-only';
// Loads one stored snapshot into the RBAC engine. Building the index is the costly
// part, so the last few are cached (cachedPerSnapshot, which the cloud account shares):
// snapshots are immutable once finished.
import type { Store } from '../store';
import type { ClusterObjects } from '../core/kube/types';
import { RBAC_KINDS, isClusterKind, type ClusterKind, type SnapshotSummary } from '../core/snapshot/types';
import { toClusterObjects } from '../core/kube/to-cluster-objects';
import { buildAuthzIndex, type AuthzIndex } from '../core/rbac';
import { QuestionError } from './questions/errors';

export interface LoadedSnapshot {
  snapshot: SnapshotSummary;
  objects: ClusterObjects;
  index: AuthzIndex;
}

/**
 * A question this snapshot cannot answer: no snapshot, a failed one, or one lacking the kinds it
 * needs. A QuestionError, so every entry point maps it by its code (409 / exit 2), never by message.
 */
export class SnapshotUnavailableError extends QuestionError {
  constructor(message: string, code: 'unavailable' | 'not-found' = 'unavailable', param: string = 'snapshot') {
    super(code, param, message);
    this.name = 'SnapshotUnavailableError';
  }
}

/** Snapshots kept loaded per cache: a snapshot's contents never change, so an entry never goes stale. */
const CACHE_SIZE = 4;

const storeIds = new WeakMap<object, number>();
let nextStoreId = 1;

/**
 * A cache key for snapshots of this store: snapshot ids are per database, so two stores (two data
 * directories, SQLite and PostgreSQL, a CLI test's own database) can both hold a snapshot 1. Keyed
 * by the store object, a model built from one database is never handed out for another.
 */
export function snapshotCacheKey(store: object, ...snapshotIds: number[]): string {
  let id = storeIds.get(store);
  if (id === undefined) {
    id = nextStoreId++;
    storeIds.set(store, id);
  }
  return [id, ...snapshotIds].join(':');
}

/**
 * A cache of promises that keeps the last `size` keys (the oldest goes first) and forgets a promise
 * that fails, so the next ask tries again. Every per-snapshot cache here is one of these.
 */
export function boundedPromiseCache<T>(size: number): (key: string, make: () => Promise<T>) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key, make) => {
    let entry = cache.get(key);
    if (!entry) {
      const made = make();
      entry = made;
      cache.set(key, made);
      made.catch(() => {
        if (cache.get(key) === made) cache.delete(key);
      });
      if (cache.size > size) cache.delete(cache.keys().next().value as string);
    }
    return entry;
  };
}

/**
 * Wraps a per-snapshot loader (RBAC index, cloud account, ...) in a small cache keyed by store
 * and snapshot, so repeated questions reuse the built model; the oldest entry goes first.
 * A failed or running snapshot holds no data and is refused; a load that fails is not kept.
 */
export function cachedPerSnapshot<T, S extends object = Store>(
  load: (store: S, snapshot: SnapshotSummary) => Promise<T>,
): (store: S, snapshot: SnapshotSummary) => Promise<T> {
  const cached = boundedPromiseCache<T>(CACHE_SIZE);
  return (store, snapshot) => {
    if (snapshot.status !== 'complete' && snapshot.status !== 'partial') {
      return Promise.reject(
        new SnapshotUnavailableError(`snapshot ${snapshot.id} of ${snapshot.sourceName} is ${snapshot.status}; it holds no data`),
      );
    }
    return cached(snapshotCacheKey(store, snapshot.id), () => load(store, snapshot));
  };
}

async function load(store: Store, snapshot: SnapshotSummary): Promise<LoadedSnapshot> {
  const stored = await store.readObjects(snapshot.id);
  const objects = toClusterObjects(stored.map((o) => o.body));
  return { snapshot, objects, index: buildAuthzIndex(objects) };
}

/** The RBAC index of a complete or partial snapshot, built once and reused. */
export const loadSnapshotIndex: (store: Store, snapshot: SnapshotSummary) => Promise<LoadedSnapshot> = cachedPerSnapshot(load);

/** Kinds the RBAC engine needs that this snapshot lacks; answering without them would be a guess. */
export function missingRbacKinds(snapshot: SnapshotSummary): ClusterKind[] {
  return snapshot.missingKinds.map((m) => m.kind).filter((kind): kind is ClusterKind => isClusterKind(kind) && RBAC_KINDS.includes(kind));
}

export function assertAnswersRbac(snapshot: SnapshotSummary): void {
  const missing = missingRbacKinds(snapshot);
  if (missing.length > 0) {
    const reasons = snapshot.missingKinds.filter((m) => (missing as string[]).includes(m.kind)).map((m) => `${m.kind} (${m.reason})`);
    throw new SnapshotUnavailableError(
      `snapshot ${snapshot.id} of ${snapshot.sourceName} is partial and lacks ${reasons.join(', ')}: RBAC questions cannot be answered from it`,
    );
  }
}

/** The snapshot a question is asked of: the given id, or the source's latest complete-or-partial one. */
export async function resolveSnapshot(store: Store, sourceName: string, snapshotId?: number): Promise<SnapshotSummary> {
  const source = await store.getSource(sourceName);
  if (!source) throw new SnapshotUnavailableError(`no source named "${sourceName}"`, 'not-found', 'source');
  if (snapshotId !== undefined) {
    const snapshot = await store.getSnapshot(snapshotId);
    if (!snapshot || snapshot.sourceId !== source.id) {
      throw new SnapshotUnavailableError(`source "${sourceName}" has no snapshot ${snapshotId}`, 'not-found');
    }
    return snapshot;
  }
  const latest = await store.latestUsableSnapshot(source.id);
  if (!latest)
    throw new SnapshotUnavailableError(`source "${sourceName}" has no complete or partial snapshot yet`, 'unavailable', 'source');
  return latest;
}
