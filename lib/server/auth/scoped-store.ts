import 'server-only';
// A caller limited to some sources sees the store through this view: every read and write that
// names a source, a snapshot, a review or a webhook of a source outside the scope finds nothing
// (as for a source that does not exist, so names are not confirmed), and every list leaves such
// sources out. Because the question layer, the pages and the routes all read through the store they
// are handed, answers that join sources (links, the overview, reviews, webhooks) leave out what the
// caller may not see without each of them checking. A caller who may see every source gets the
// store itself.
import type { SnapshotSummary, Source } from '../../core/snapshot/types';
import type { Store } from '../../store';
import type { CredentialStore } from '../../store/credentials';
import type { ReviewStore } from '../../store/reviews';
import type { ScheduleStore } from '../../store/schedules';
import type { SourceLinks } from '../../store/source-links';
import type { SuppressionStore } from '../../store/suppressions';
import type { WebhookStore } from '../../store/webhooks';
import { QuestionError } from '../questions/errors';
import { scopeIncludes, type SourceScope } from './roles';

function outOfScope(what: string): QuestionError {
  return new QuestionError('not-found', 'source', `${what} does not exist`);
}

/** The store as a caller limited to `scope` sees it; the store itself for a caller who sees every source. */
export function scopedStore(store: Store, scope: SourceScope): Store {
  return scope === null ? store : new ScopedView(store, scope);
}

/** How many sources the scope leaves out, so an answer can say that something is not shown. */
export async function hiddenSourceCount(store: Store, scope: SourceScope): Promise<number> {
  if (scope === null) return 0;
  return (await store.listSources()).filter((s) => !scopeIncludes(scope, s.name)).length;
}

class ScopedView implements Store {
  private sourcesPromise: Promise<Source[]> | null = null;

  constructor(
    private readonly inner: Store,
    readonly scope: readonly string[],
  ) {}

  get dialect() {
    return this.inner.dialect;
  }

  private allSources(): Promise<Source[]> {
    this.sourcesPromise ??= this.inner.listSources();
    return this.sourcesPromise;
  }

  private visible(source: Source | null | undefined): source is Source {
    return !!source && scopeIncludes(this.scope, source.name);
  }

  private async visibleId(sourceId: number): Promise<boolean> {
    return this.visible((await this.allSources()).find((s) => s.id === sourceId));
  }

  private async requireId(sourceId: number): Promise<void> {
    if (!(await this.visibleId(sourceId))) throw outOfScope(`source ${sourceId}`);
  }

  private requireName(name: string): Promise<void> {
    return scopeIncludes(this.scope, name) ? Promise.resolve() : Promise.reject(outOfScope(`source "${name}"`));
  }

  async listSources(): Promise<Source[]> {
    return (await this.allSources()).filter((s) => this.visible(s));
  }

  async getSource(name: string): Promise<Source | null> {
    const source = await this.inner.getSource(name);
    return this.visible(source) ? source : null;
  }

  async ensureSource(input: Parameters<Store['ensureSource']>[0]): Promise<Source> {
    await this.requireName(input.name);
    return this.inner.ensureSource(input);
  }

  async deleteSource(name: string): Promise<boolean> {
    return scopeIncludes(this.scope, name) ? this.inner.deleteSource(name) : false;
  }

  async startSnapshot(sourceId: number, origin: string, opts?: { at?: Date }): Promise<SnapshotSummary> {
    await this.requireId(sourceId);
    return this.inner.startSnapshot(sourceId, origin, opts);
  }

  async finishSnapshot(...args: Parameters<Store['finishSnapshot']>): Promise<SnapshotSummary> {
    await this.requireSnapshot(args[0]);
    return this.inner.finishSnapshot(...args);
  }

  async failSnapshot(snapshotId: number, message: string): Promise<SnapshotSummary> {
    await this.requireSnapshot(snapshotId);
    return this.inner.failSnapshot(snapshotId, message);
  }

  async listSnapshots(sourceId: number, opts?: { limit?: number }): Promise<SnapshotSummary[]> {
    return (await this.visibleId(sourceId)) ? this.inner.listSnapshots(sourceId, opts) : [];
  }

  async getSnapshot(id: number): Promise<SnapshotSummary | null> {
    const snapshot = await this.inner.getSnapshot(id);
    return snapshot && (await this.visibleId(snapshot.sourceId)) ? snapshot : null;
  }

  private async requireSnapshot(id: number): Promise<void> {
    if (!(await this.getSnapshot(id))) throw outOfScope(`snapshot ${id}`);
  }

  async latestUsableSnapshot(sourceId: number): Promise<SnapshotSummary | null> {
    return (await this.visibleId(sourceId)) ? this.inner.latestUsableSnapshot(sourceId) : null;
  }

  async readObjects(...args: Parameters<Store['readObjects']>): ReturnType<Store['readObjects']> {
    await this.requireSnapshot(args[0]);
    return this.inner.readObjects(...args);
  }

  isEmpty(): Promise<boolean> {
    return this.inner.isEmpty();
  }

  databaseBytes(): Promise<number> {
    return this.inner.databaseBytes();
  }

  authDatabase(): ReturnType<Store['authDatabase']> {
    return this.inner.authDatabase();
  }

  /** The view does not own the connection. */
  async close(): Promise<void> {}

  get credentials(): CredentialStore {
    const inner = this.inner.credentials;
    return {
      put: async (id, sealed) => (await this.requireId(id), inner.put(id, sealed)),
      get: async (id) => ((await this.visibleId(id)) ? inner.get(id) : null),
      delete: async (id) => ((await this.visibleId(id)) ? inner.delete(id) : false),
    };
  }

  get links(): SourceLinks {
    const inner = this.inner.links;
    const both = (l: { clusterSource: string; cloudSource: string }) =>
      scopeIncludes(this.scope, l.clusterSource) && scopeIncludes(this.scope, l.cloudSource);
    return {
      set: async (link) => (await this.requireName(link.clusterSource), await this.requireName(link.cloudSource), inner.set(link)),
      getForCluster: async (cluster) => {
        const link = scopeIncludes(this.scope, cluster) ? await inner.getForCluster(cluster) : null;
        return link && both(link) ? link : null;
      },
      listForCloud: async (cloud) => (scopeIncludes(this.scope, cloud) ? (await inner.listForCloud(cloud)).filter(both) : []),
      list: async () => (await inner.list()).filter(both),
      remove: async (cluster) => (scopeIncludes(this.scope, cluster) ? inner.remove(cluster) : false),
    };
  }

  get schedules(): ScheduleStore {
    const inner = this.inner.schedules;
    return {
      ...bindAll(inner),
      get: async (id) => ((await this.visibleId(id)) ? inner.get(id) : null),
      list: async () => {
        const all = await inner.list();
        const keep = await Promise.all(all.map((s) => this.visibleId(s.sourceId)));
        return all.filter((_, i) => keep[i]);
      },
      set: async (id, settings) => (await this.requireId(id), inner.set(id, settings)),
      ensure: async (id, settings) => (await this.requireId(id), inner.ensure(id, settings)),
    };
  }

  get webhooks(): WebhookStore {
    const inner = this.inner.webhooks;
    return {
      ...bindAll(inner),
      list: async (id) => ((await this.visibleId(id)) ? inner.list(id) : []),
      get: async (id) => {
        const hook = await inner.get(id);
        return hook && (await this.visibleId(hook.sourceId)) ? hook : null;
      },
      add: async (id, format, sealed) => (await this.requireId(id), inner.add(id, format, sealed)),
      remove: async (id, hookId) => ((await this.visibleId(id)) ? inner.remove(id, hookId) : false),
      listDeliveries: async (id, limit) => ((await this.visibleId(id)) ? inner.listDeliveries(id, limit) : []),
    };
  }

  get reviews(): ReviewStore {
    const inner = this.inner.reviews;
    const review = async (id: number) => {
      const found = await inner.get(id);
      return found && (await this.visibleId(found.sourceId)) ? found : null;
    };
    const requireReview = async (id: number) => {
      if (!(await review(id))) throw new QuestionError('not-found', 'id', `review ${id} does not exist`);
    };
    return {
      create: async (input) => (await this.requireId(input.sourceId), inner.create(input)),
      get: review,
      list: async (opts) => {
        const all = await inner.list(opts);
        const keep = await Promise.all(all.map((r) => this.visibleId(r.sourceId)));
        return all.filter((_, i) => keep[i]);
      },
      lastSignedOff: async (id) => ((await this.visibleId(id)) ? inner.lastSignedOff(id) : null),
      marks: async (id) => (await requireReview(id), inner.marks(id)),
      mark: async (id, mark) => (await requireReview(id), inner.mark(id, mark)),
      signOff: async (id, by, comment, at) => (await requireReview(id), inner.signOff(id, by, comment, at)),
    };
  }

  get suppressions(): SuppressionStore {
    const inner = this.inner.suppressions;
    return {
      create: async (name, input) => (await this.requireName(name), inner.create(name, input)),
      get: async (name, id) => (scopeIncludes(this.scope, name) ? inner.get(name, id) : null),
      list: async (name, opts) => (await this.requireName(name), inner.list(name, opts)),
      revoke: async (name, id, revocation) => (await this.requireName(name), inner.revoke(name, id, revocation)),
      history: async (name, id) => (await this.requireName(name), inner.history(name, id)),
    };
  }
}

/** The object's methods bound to it, as own properties (the store's parts are class instances). */
function bindAll<T extends object>(target: T): T {
  const out: Record<string, unknown> = {};
  let proto: object | null = target;
  while (proto && proto !== Object.prototype) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      const value = (target as Record<string, unknown>)[key];
      if (key !== 'constructor' && typeof value === 'function' && !(key in out))
        out[key] = (value as (...a: unknown[]) => unknown).bind(target);
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return out as T;
}
