import 'server-only';
// The Store: the one object the rest of the app uses to reach the database.
import type { SnapshotKind, CollectedSnapshot, SnapshotSummary, Source, StoredObject } from '../core/snapshot/types';
import { connect, ensureSqliteDirectory } from './connect';
import { assertLocalForTests, resolveDatabaseTarget, type Dialect } from './database-url';
import { databaseBytes } from './database-size';
import { retryWhileBusy } from './busy-retry';
import { StoreError } from './errors';
import { finishSnapshot } from './finish-snapshot';
import { applyMigrations } from './migrate';
import { readObjects } from './read-objects';
import { currentRunner } from './runner';
import {
  failAbandonedSnapshots,
  failSnapshot,
  findAbandonedSnapshots,
  getSnapshot,
  latestUsableSnapshot,
  listSnapshots,
  requireSnapshot,
  startSnapshot,
} from './snapshots';
import { deleteSource, ensureSource, getSource, listSources, type EnsureSourceInput } from './sources';
import { sql, type RootClient, type SqlClient, type TransactionOptions } from './sql';
import type { StoreAccess } from './store-access';
import { credentialStore, type CredentialStore } from './credentials';
import { sourceLinks, type SourceLinks } from './source-links';
import { scheduleStore, type ScheduleStore } from './schedules';
import { webhookStore, type WebhookStore } from './webhooks';
import { reviewStore, type ReviewStore } from './reviews';
import { suppressionStore, type SuppressionStore } from './suppressions';
import { authDatabaseAdapter } from './auth-database';

export interface Store {
  readonly dialect: Dialect;
  /** Sealed source credentials (credentials.ts). */
  readonly credentials: CredentialStore;
  /** Cluster source ↔ cloud account source links (source-links.ts). */
  readonly links: SourceLinks;
  /** Snapshot schedules and their leases (schedules.ts). */
  readonly schedules: ScheduleStore;
  /** Webhooks and their deliveries (webhooks.ts). */
  readonly webhooks: WebhookStore;
  /** Weekly reviews and their marks (reviews.ts). */
  readonly reviews: ReviewStore;
  /** Findings' suppressions and their history, per source (suppressions.ts). */
  readonly suppressions: SuppressionStore;
  /** better-auth's database: the auth_* tables through this store's connection (auth-database.ts). */
  authDatabase(): ReturnType<typeof authDatabaseAdapter>;
  ensureSource(input: EnsureSourceInput): Promise<Source>;
  getSource(name: string): Promise<Source | null>;
  listSources(): Promise<Source[]>;
  /** Deletes the source with its whole history; false when there was none. */
  deleteSource(name: string): Promise<boolean>;
  /** `at` backdates the start (demo history); default now. */
  startSnapshot(sourceId: number, origin: string, opts?: { at?: Date }): Promise<SnapshotSummary>;
  /** Complete, or partial when `collected.missingKinds` is not empty. */
  finishSnapshot(snapshotId: number, collected: CollectedSnapshot, opts?: { at?: Date }): Promise<SnapshotSummary>;
  failSnapshot(snapshotId: number, message: string): Promise<SnapshotSummary>;
  /** Newest first. */
  listSnapshots(sourceId: number, opts?: { limit?: number }): Promise<SnapshotSummary[]>;
  getSnapshot(id: number): Promise<SnapshotSummary | null>;
  /** The complete or partial snapshot with the highest seq. */
  latestUsableSnapshot(sourceId: number): Promise<SnapshotSummary | null>;
  /** The snapshot's objects (optionally only some kinds), never those of its missing kinds. */
  readObjects(snapshotId: number, kinds?: SnapshotKind[]): Promise<StoredObject[]>;
  /** True when no source has been recorded yet. */
  isEmpty(): Promise<boolean>;
  databaseBytes(): Promise<number>;
  /** Fails this store's unfinished snapshots, then disconnects. */
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** file:PATH, postgresql://... or postgres://...; default DATABASE_URL, else ./data/access-atlas.db. */
  databaseUrl?: string;
}

/** Generous: a large first snapshot writes tens of thousands of rows in one transaction. */
const WRITE_TX: TransactionOptions = { maxWait: 120_000, timeout: 600_000 };
const READ_TX: TransactionOptions = { maxWait: 120_000, timeout: 120_000 };

class PrismaStore implements Store {
  private readonly runner = currentRunner();
  /** Snapshots started through this store and not yet finished or failed. */
  private readonly unfinished = new Set<number>();

  /** Handed to the store's parts (see store-access.ts). */
  private readonly access: StoreAccess;

  constructor(
    private readonly db: RootClient,
    readonly dialect: Dialect,
  ) {
    this.access = { dialect, read: (fn) => this.read(fn), write: (fn) => this.write(fn) };
  }

  get credentials(): CredentialStore {
    return credentialStore(this.access);
  }

  get links(): SourceLinks {
    return sourceLinks(this.access);
  }

  get schedules(): ScheduleStore {
    return scheduleStore(this.access);
  }

  get webhooks(): WebhookStore {
    return webhookStore(this.access);
  }

  get reviews(): ReviewStore {
    return reviewStore(this.access);
  }

  get suppressions(): SuppressionStore {
    return suppressionStore(this.access);
  }

  authDatabase(): ReturnType<typeof authDatabaseAdapter> {
    return authDatabaseAdapter(this.access);
  }

  /**
   * SQLite: better-sqlite3 gives Prisma one connection, and a statement run outside a
   * transaction would join whichever transaction is open on it. Every operation therefore runs
   * as a transaction, which the adapter serializes within the process. PostgreSQL pools
   * connections, so single reads need no transaction.
   */
  private read<T>(fn: (db: SqlClient) => Promise<T>): Promise<T> {
    return this.dialect === 'sqlite' ? this.db.$transaction(fn, READ_TX) : fn(this.db);
  }

  private write<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
    return retryWhileBusy(this.dialect, () => this.db.$transaction(fn, WRITE_TX));
  }

  ensureSource(input: EnsureSourceInput): Promise<Source> {
    return this.write((tx) => ensureSource(tx, input, new Date()));
  }

  getSource(name: string): Promise<Source | null> {
    return this.read((db) => getSource(db, name));
  }

  listSources(): Promise<Source[]> {
    return this.read((db) => listSources(db));
  }

  deleteSource(name: string): Promise<boolean> {
    return this.write((tx) => deleteSource(tx, name));
  }

  async startSnapshot(sourceId: number, origin: string, opts: { at?: Date } = {}): Promise<SnapshotSummary> {
    const snapshot = await this.write((tx) => startSnapshot(tx, sourceId, origin, this.runner, opts.at ?? new Date()));
    this.unfinished.add(snapshot.id);
    return snapshot;
  }

  async finishSnapshot(snapshotId: number, collected: CollectedSnapshot, opts: { at?: Date } = {}): Promise<SnapshotSummary> {
    const { summary } = await this.write((tx) => finishSnapshot(tx, this.dialect, snapshotId, collected, opts.at ?? new Date()));
    this.unfinished.delete(snapshotId);
    return summary;
  }

  async failSnapshot(snapshotId: number, message: string): Promise<SnapshotSummary> {
    const summary = await this.write((tx) => failSnapshot(tx, snapshotId, message, new Date()));
    this.unfinished.delete(snapshotId);
    return summary;
  }

  async listSnapshots(sourceId: number, opts: { limit?: number } = {}): Promise<SnapshotSummary[]> {
    const list = () => this.read((db) => listSnapshots(db, sourceId, opts.limit));
    const snapshots = await list();
    return (await this.settleAbandoned(snapshots)) ? list() : snapshots;
  }

  async getSnapshot(id: number): Promise<SnapshotSummary | null> {
    const get = () => this.read((db) => getSnapshot(db, id));
    const snapshot = await get();
    return snapshot && (await this.settleAbandoned([snapshot])) ? get() : snapshot;
  }

  /**
   * A reader that is shown a 'running' snapshot checks, as openStore() does, whether its process
   * is gone (a CLI killed mid-snapshot), and fails it if so: a long-lived dashboard would
   * otherwise show it running until some process opened the store again. Costs nothing while no
   * snapshot is running, one read while one really is; writes only when one was abandoned.
   * True when it failed some, so the caller reads again.
   */
  private async settleAbandoned(snapshots: readonly SnapshotSummary[]): Promise<boolean> {
    if (!snapshots.some((s) => s.status === 'running')) return false;
    const abandoned = await this.read((db) => findAbandonedSnapshots(db, new Date()));
    if (abandoned.length === 0) return false;
    // Another process may fail them first; either way they are failed when read again.
    await this.failAbandoned();
    return true;
  }

  latestUsableSnapshot(sourceId: number): Promise<SnapshotSummary | null> {
    return this.read((db) => latestUsableSnapshot(db, sourceId));
  }

  readObjects(snapshotId: number, kinds?: SnapshotKind[]): Promise<StoredObject[]> {
    return this.read(async (db) => readObjects(db, await requireSnapshot(db, snapshotId), kinds));
  }

  async isEmpty(): Promise<boolean> {
    const rows = await this.read((db) => db.$queryRaw<unknown[]>(sql`SELECT 1 FROM "source" LIMIT 1`));
    return rows.length === 0;
  }

  databaseBytes(): Promise<number> {
    return this.read((db) => databaseBytes(db, this.dialect));
  }

  /** Run at open, and by readers shown a running snapshot: fails snapshots left 'running' by a process that no longer exists. */
  failAbandoned(): Promise<number[]> {
    return this.write((tx) => failAbandonedSnapshots(tx, new Date()));
  }

  async close(): Promise<void> {
    try {
      for (const id of this.unfinished) {
        await this.write((tx) => failSnapshot(tx, id, 'interrupted: the store was closed before this snapshot finished', new Date())).catch(
          (error: unknown) => {
            // Finished through another store meanwhile: nothing left to fail.
            if (!(error instanceof StoreError)) throw error;
          },
        );
      }
    } finally {
      this.unfinished.clear();
      await this.db.$disconnect();
    }
  }
}

/**
 * Opens (creating and migrating if needed) the database and returns the store on it.
 * Keep one Store per database per process (lib/server/store-instance.ts does): SQLite's
 * busy wait is synchronous, so two stores of one process writing at once stall each other.
 */
export async function openStore(opts: OpenStoreOptions = {}): Promise<Store> {
  const target = resolveDatabaseTarget(opts.databaseUrl);
  assertLocalForTests(target);
  if (target.dialect === 'sqlite') ensureSqliteDirectory(target.file);
  await applyMigrations(target);
  const db = await connect(target);
  const store = new PrismaStore(db, target.dialect);
  try {
    await store.failAbandoned();
  } catch (error) {
    await db.$disconnect();
    throw error;
  }
  return store;
}
