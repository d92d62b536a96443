import 'server-only';
// When each source is snapshotted (table source_schedule) and which scheduler holds its current
// run. The lease is a compare-and-set UPDATE: it succeeds for exactly one of several schedulers
// (replicas on one database), because the row is only updated while it is still due and unleased
// (or its lease expired). This works the same on SQLite (writes are serialized) and on
// PostgreSQL (the second UPDATE waits on the row lock, then re-checks the WHERE clause against the
// committed row under READ COMMITTED, finds it leased and changes nothing).
// The cron arithmetic lives in lib/server/scheduler; this module only stores its results.
import { z } from 'zod';
import { StoreError } from './errors';
import { sql, toInt, type SqlClient } from './sql';
import type { StoreAccess } from './store-access';

export const DEFAULT_CRON = '0 */6 * * *';

export interface SourceSchedule {
  sourceId: number;
  cron: string;
  enabled: boolean;
  /** null: not planned yet (the scheduler plans it from the cron expression). */
  nextRunAt: Date | null;
  lastRunAt: Date | null;
  lastError: string | null;
  consecutiveFailures: number;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
}

export interface ScheduleSettings {
  cron: string;
  enabled: boolean;
  nextRunAt: Date | null;
}

export interface RunResult {
  at: Date;
  /** null when the run succeeded. */
  error: string | null;
  nextRunAt: Date;
}

export interface ScheduleStore {
  get(sourceId: number): Promise<SourceSchedule | null>;
  list(): Promise<SourceSchedule[]>;
  /** Creates or updates the schedule's settings; run history (last run, failures) is kept. */
  set(sourceId: number, settings: ScheduleSettings): Promise<SourceSchedule>;
  /** Creates the schedule when the source has none; returns the stored one either way. */
  ensure(sourceId: number, settings: ScheduleSettings): Promise<SourceSchedule>;
  /** Enabled schedules due at `now` and not leased (or whose lease expired), oldest first. */
  listDue(now: Date, limit?: number): Promise<SourceSchedule[]>;
  /** Takes the run of a due schedule for `owner` until `until`; false when another owner has it or it is no longer due. */
  tryAcquireLease(sourceId: number, owner: string, now: Date, until: Date): Promise<boolean>;
  /** Extends the lease while a long run goes on; false when `owner` no longer holds it. */
  renewLease(sourceId: number, owner: string, until: Date): Promise<boolean>;
  releaseLease(sourceId: number, owner: string): Promise<void>;
  /** Records a finished run and releases the lease; false (and nothing written) when `owner` lost the lease. */
  recordResult(sourceId: number, owner: string, result: RunResult): Promise<boolean>;
}

const int = z.union([z.number(), z.bigint()]).transform((v) => toInt(v));
// SQLite returns booleans as 0/1.
const bool = z.union([z.boolean(), z.number()]).transform((v) => v === true || v === 1);

const scheduleRowSchema = z.object({
  source_id: int,
  cron: z.string(),
  enabled: bool,
  next_run_at: z.date().nullable(),
  last_run_at: z.date().nullable(),
  last_error: z.string().nullable(),
  consecutive_failures: int,
  lease_owner: z.string().nullable(),
  lease_expires_at: z.date().nullable(),
});

const SELECT_SCHEDULE = sql`SELECT "source_id", "cron", "enabled", "next_run_at", "last_run_at", "last_error", "consecutive_failures", "lease_owner", "lease_expires_at" FROM "source_schedule"`;

function toSchedule(row: unknown): SourceSchedule {
  const r = scheduleRowSchema.parse(row);
  return {
    sourceId: r.source_id,
    cron: r.cron,
    enabled: r.enabled,
    nextRunAt: r.next_run_at,
    lastRunAt: r.last_run_at,
    lastError: r.last_error,
    consecutiveFailures: r.consecutive_failures,
    leaseOwner: r.lease_owner,
    leaseExpiresAt: r.lease_expires_at,
  };
}

async function getSchedule(db: SqlClient, sourceId: number): Promise<SourceSchedule | null> {
  const rows = await db.$queryRaw<unknown[]>(sql`${SELECT_SCHEDULE} WHERE "source_id" = ${sourceId}`);
  return rows[0] === undefined ? null : toSchedule(rows[0]);
}

async function requireSchedule(db: SqlClient, sourceId: number): Promise<SourceSchedule> {
  const schedule = await getSchedule(db, sourceId);
  if (!schedule) throw new StoreError(`source ${sourceId} has no schedule`);
  return schedule;
}

async function requireSource(db: SqlClient, sourceId: number): Promise<void> {
  const rows = await db.$queryRaw<unknown[]>(sql`SELECT 1 FROM "source" WHERE "id" = ${sourceId}`);
  if (rows.length === 0) throw new StoreError(`no source with id ${sourceId}`);
}

export function scheduleStore(access: StoreAccess): ScheduleStore {
  return {
    get: (sourceId) => access.read((db) => getSchedule(db, sourceId)),
    list: () => access.read(async (db) => (await db.$queryRaw<unknown[]>(sql`${SELECT_SCHEDULE} ORDER BY "source_id"`)).map(toSchedule)),
    set: (sourceId, s) =>
      access.write(async (tx) => {
        await requireSource(tx, sourceId);
        await tx.$executeRaw(
          sql`INSERT INTO "source_schedule" ("source_id", "cron", "enabled", "next_run_at") VALUES (${sourceId}, ${s.cron}, ${s.enabled}, ${s.nextRunAt})
              ON CONFLICT ("source_id") DO UPDATE SET "cron" = ${s.cron}, "enabled" = ${s.enabled}, "next_run_at" = ${s.nextRunAt}`,
        );
        return requireSchedule(tx, sourceId);
      }),
    ensure: (sourceId, s) =>
      access.write(async (tx) => {
        await requireSource(tx, sourceId);
        await tx.$executeRaw(
          sql`INSERT INTO "source_schedule" ("source_id", "cron", "enabled", "next_run_at") VALUES (${sourceId}, ${s.cron}, ${s.enabled}, ${s.nextRunAt})
              ON CONFLICT ("source_id") DO NOTHING`,
        );
        return requireSchedule(tx, sourceId);
      }),
    listDue: (now, limit = 100) =>
      access.read(async (db) => {
        const rows = await db.$queryRaw<unknown[]>(
          sql`${SELECT_SCHEDULE} WHERE "enabled" = ${true} AND "next_run_at" <= ${now} AND ("lease_owner" IS NULL OR "lease_expires_at" < ${now})
              ORDER BY "next_run_at", "source_id" LIMIT ${limit}`,
        );
        return rows.map(toSchedule);
      }),
    tryAcquireLease: (sourceId, owner, now, until) =>
      access.write(async (tx) => {
        const changed = await tx.$executeRaw(
          sql`UPDATE "source_schedule" SET "lease_owner" = ${owner}, "lease_expires_at" = ${until}
              WHERE "source_id" = ${sourceId} AND "enabled" = ${true} AND "next_run_at" <= ${now}
                AND ("lease_owner" IS NULL OR "lease_expires_at" < ${now})`,
        );
        return changed === 1;
      }),
    renewLease: (sourceId, owner, until) =>
      access.write(async (tx) => {
        const changed = await tx.$executeRaw(
          sql`UPDATE "source_schedule" SET "lease_expires_at" = ${until} WHERE "source_id" = ${sourceId} AND "lease_owner" = ${owner}`,
        );
        return changed === 1;
      }),
    releaseLease: (sourceId, owner) =>
      access.write(async (tx) => {
        await tx.$executeRaw(
          sql`UPDATE "source_schedule" SET "lease_owner" = NULL, "lease_expires_at" = NULL WHERE "source_id" = ${sourceId} AND "lease_owner" = ${owner}`,
        );
      }),
    recordResult: (sourceId, owner, r) =>
      access.write(async (tx) => {
        const changed =
          r.error === null
            ? await tx.$executeRaw(
                sql`UPDATE "source_schedule" SET "last_run_at" = ${r.at}, "last_error" = NULL, "consecutive_failures" = 0, "next_run_at" = ${r.nextRunAt},
                    "lease_owner" = NULL, "lease_expires_at" = NULL WHERE "source_id" = ${sourceId} AND "lease_owner" = ${owner}`,
              )
            : await tx.$executeRaw(
                sql`UPDATE "source_schedule" SET "last_run_at" = ${r.at}, "last_error" = ${r.error}, "consecutive_failures" = "consecutive_failures" + 1,
                    "next_run_at" = ${r.nextRunAt}, "lease_owner" = NULL, "lease_expires_at" = NULL WHERE "source_id" = ${sourceId} AND "lease_owner" = ${owner}`,
              );
        return changed === 1;
      }),
  };
}
