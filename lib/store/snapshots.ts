import 'server-only';
// Snapshot rows: starting, failing, listing. Finishing (the object writes) is finish-snapshot.ts.
import type { SnapshotSummary } from '../core/snapshot/types';
import { StoreError } from './errors';
import { SNAPSHOT_COLUMNS, toSnapshotSummary } from './rows';
import { encodeRunner, isAbandoned, type Runner } from './runner';
import { empty, raw, sql, toInt, type SqlClient } from './sql';

const selectSnapshot = raw(`SELECT ${SNAPSHOT_COLUMNS} FROM "snapshot" sn JOIN "source" src ON src."id" = sn."source_id"`);

export async function getSnapshot(db: SqlClient, id: number): Promise<SnapshotSummary | null> {
  const rows = await db.$queryRaw<unknown[]>(sql`${selectSnapshot} WHERE sn."id" = ${id}`);
  return rows[0] === undefined ? null : toSnapshotSummary(rows[0]);
}

export async function requireSnapshot(db: SqlClient, id: number): Promise<SnapshotSummary> {
  const snapshot = await getSnapshot(db, id);
  if (!snapshot) throw new StoreError(`no snapshot with id ${id}`);
  return snapshot;
}

/** Newest first. */
export async function listSnapshots(db: SqlClient, sourceId: number, limit?: number): Promise<SnapshotSummary[]> {
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) throw new StoreError(`invalid limit ${limit}`);
  const limitClause = limit === undefined ? empty : sql`LIMIT ${limit}`;
  const rows = await db.$queryRaw<unknown[]>(
    sql`${selectSnapshot} WHERE sn."source_id" = ${sourceId} ORDER BY sn."id" DESC ${limitClause}`,
  );
  return rows.map(toSnapshotSummary);
}

/** The newest successful snapshot: only complete and partial ones are numbered. */
export async function latestUsableSnapshot(db: SqlClient, sourceId: number): Promise<SnapshotSummary | null> {
  const rows = await db.$queryRaw<unknown[]>(
    sql`${selectSnapshot} WHERE sn."source_id" = ${sourceId} AND sn."seq" IS NOT NULL AND sn."status" IN ('complete', 'partial') ORDER BY sn."seq" DESC LIMIT 1`,
  );
  return rows[0] === undefined ? null : toSnapshotSummary(rows[0]);
}

export async function startSnapshot(tx: SqlClient, sourceId: number, origin: string, runner: Runner, at: Date): Promise<SnapshotSummary> {
  const source = await tx.$queryRaw<unknown[]>(sql`SELECT "id" FROM "source" WHERE "id" = ${sourceId}`);
  if (source.length === 0) throw new StoreError(`no source with id ${sourceId}`);
  const inserted = await tx.$queryRaw<{ id: unknown }[]>(
    sql`INSERT INTO "snapshot" ("source_id", "status", "origin", "started_at", "runner") VALUES (${sourceId}, 'running', ${origin}, ${at}, ${encodeRunner(runner)}) RETURNING "id"`,
  );
  const row = inserted[0];
  if (!row) throw new StoreError('inserting the snapshot returned no id');
  return requireSnapshot(tx, toInt(row.id));
}

/** Records why a running snapshot failed. Its objects were never written, so nothing else changes. */
export async function failSnapshot(tx: SqlClient, id: number, message: string, at: Date): Promise<SnapshotSummary> {
  const changed = await tx.$executeRaw(
    sql`UPDATE "snapshot" SET "status" = 'failed', "error" = ${message}, "finished_at" = ${at}, "runner" = NULL WHERE "id" = ${id} AND "status" = 'running'`,
  );
  const snapshot = await requireSnapshot(tx, id);
  if (changed === 0 && snapshot.status !== 'failed') {
    throw new StoreError(`snapshot ${id} is ${snapshot.status}; only a running snapshot can fail`);
  }
  return snapshot;
}

/** Ids of the 'running' snapshots whose process is gone (runner.ts isAbandoned); reads only. */
export async function findAbandonedSnapshots(db: SqlClient, now: Date): Promise<number[]> {
  const running = await db.$queryRaw<{ id: unknown; runner: string | null; started_at: Date }[]>(
    sql`SELECT "id", "runner", "started_at" FROM "snapshot" WHERE "status" = 'running'`,
  );
  return running.filter((r) => isAbandoned(r.runner, r.started_at, now)).map((r) => toInt(r.id));
}

/** Marks 'running' snapshots whose process is gone as failed; returns their ids. */
export async function failAbandonedSnapshots(tx: SqlClient, now: Date): Promise<number[]> {
  const abandoned = await findAbandonedSnapshots(tx, now);
  for (const id of abandoned) {
    await failSnapshot(tx, id, 'interrupted: the process taking this snapshot ended before it finished', now);
  }
  return abandoned;
}
