import 'server-only';
// Database rows -> our types. The database is an edge like any other: rows are checked here,
// so nothing past lib/store sees a Prisma row, a bigint or a JSON string.
import { z } from 'zod';
import { CLOUD_KINDS, CLUSTER_KINDS, isJsonObject, type JsonObject, type Source, type SnapshotSummary } from '../core/snapshot/types';
import { toInt } from './sql';

const int = z.union([z.number(), z.bigint()]).transform((v) => toInt(v));
// Cloud-account snapshots count and miss cloud kinds (finish-snapshot.ts countObjects).
const clusterKind = z.enum([...CLUSTER_KINDS, ...CLOUD_KINDS]);

export const countsSchema = z.partialRecord(clusterKind, z.number().int().nonnegative());
export const missingKindsSchema = z.array(z.object({ kind: clusterKind, reason: z.string() }));
export const warningsSchema = z.array(z.string());
export const snapshotStatusSchema = z.enum(['running', 'complete', 'partial', 'failed']);

/** JSON.parse only ever yields JSON values, so an object check is all the validation it needs. */
export function parseJsonObject(text: string, what: string): JsonObject {
  const value: unknown = JSON.parse(text);
  if (!isJsonObject(value)) throw new TypeError(`${what} is not a JSON object`);
  return value;
}

function jsonColumn<T extends z.ZodType>(schema: T) {
  return z.string().transform((text, ctx): z.output<T> => {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: 'custom', message: z.prettifyError(parsed.error) });
    return z.NEVER;
  });
}

const sourceRowSchema = z.object({
  id: int,
  name: z.string(),
  kind: z.enum(['cluster', 'cloud-account']),
  connection: z.string(),
  created_at: z.date(),
});

export const SOURCE_COLUMNS = '"id", "name", "kind", "connection", "created_at"';

export function toSource(row: unknown): Source {
  const r = sourceRowSchema.parse(row);
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    connection: parseJsonObject(r.connection, `source ${r.name} connection`),
    createdAt: r.created_at,
  };
}

const snapshotRowSchema = z.object({
  id: int,
  source_id: int,
  source_name: z.string(),
  seq: int.nullable(),
  status: snapshotStatusSchema,
  origin: z.string(),
  started_at: z.date(),
  finished_at: z.date().nullable(),
  counts: jsonColumn(countsSchema),
  missing_kinds: jsonColumn(missingKindsSchema),
  warnings: jsonColumn(warningsSchema),
  digest: z.string().nullable(),
  error: z.string().nullable(),
});

/** Select list for snapshot rows; the query must join "source" AS "src" on the snapshot "sn". */
export const SNAPSHOT_COLUMNS =
  'sn."id", sn."source_id", src."name" AS "source_name", sn."seq", sn."status", sn."origin", sn."started_at", sn."finished_at", ' +
  'sn."counts", sn."missing_kinds", sn."warnings", sn."digest", sn."error"';

export function toSnapshotSummary(row: unknown): SnapshotSummary {
  const r = snapshotRowSchema.parse(row);
  return {
    id: r.id,
    sourceId: r.source_id,
    sourceName: r.source_name,
    // Null = not numbered: only successful snapshots get a place in the source's history.
    seq: r.seq,
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    counts: r.counts,
    missingKinds: r.missing_kinds,
    digest: r.digest,
    error: r.error,
    origin: r.origin,
    warnings: r.warnings,
  };
}
