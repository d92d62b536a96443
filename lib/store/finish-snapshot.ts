import 'server-only';
// Finishing a snapshot: number it, diff the collected objects against the source's live set,
// and write only the difference, all in ONE transaction. A crash mid-write rolls back to the
// previous snapshot; two finishes of one source take turns on a lock and each sees the other's result.
import { canonicalJson, sha256Hex } from '../core/kube/canonical-json';
import { snapshotDigest } from '../core/snapshot/digest';
import {
  CLOUD_KINDS,
  CLUSTER_KINDS,
  isSnapshotKind,
  isJsonObject,
  type CollectedSnapshot,
  type SnapshotKind,
  type SnapshotSummary,
  type SourceKind,
  type StoredObject,
} from '../core/snapshot/types';
import type { Dialect } from './database-url';
import { StoreError } from './errors';
import { diffLiveSet, objectKey, type LiveVersion } from './live-set-diff';
import { requireSnapshot } from './snapshots';
import { getSourceById } from './sources';
import { chunks, join, sql, toInt, type SqlClient } from './sql';

/** Bound parameters per statement: under SQLite's 32766 and PostgreSQL's 65535, and large enough to batch well. */
const MAX_PARAMS = 12_000;
const SHA256_HEX = /^[0-9a-f]{64}$/;

function checkCollected(collected: CollectedSnapshot): Set<SnapshotKind> {
  const missing = new Set(collected.missingKinds.map((m) => m.kind));
  const seen = new Set<string>();
  for (const o of collected.objects) {
    const what = `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
    if (!isSnapshotKind(o.kind)) throw new StoreError(`${what}: unknown kind`);
    if (missing.has(o.kind)) throw new StoreError(`${what}: its kind is listed as missing, so it cannot also be collected`);
    if (o.name === '' || !SHA256_HEX.test(o.hash) || !isJsonObject(o.body))
      throw new StoreError(`${what}: needs a name, a SHA-256 hex hash and an object body`);
    const key = objectKey(o);
    if (seen.has(key)) throw new StoreError(`${what}: collected twice`);
    seen.add(key);
  }
  return missing;
}

/** Per-kind counts. A cluster snapshot read every kind it does not list as missing, so those count 0, not unknown. */
function countObjects(
  objects: readonly StoredObject[],
  missing: ReadonlySet<SnapshotKind>,
  sourceKind: SourceKind,
): Partial<Record<SnapshotKind, number>> {
  const counts: Partial<Record<SnapshotKind, number>> = {};
  const kinds: readonly SnapshotKind[] = sourceKind === 'cluster' ? CLUSTER_KINDS : CLOUD_KINDS;
  for (const kind of kinds) if (!missing.has(kind)) counts[kind] = 0;
  for (const o of objects) counts[o.kind] = (counts[o.kind] ?? 0) + 1;
  return counts;
}

/**
 * Takes the write lock before reading anything. SQLite: a first statement that writes makes
 * the transaction a writer at once (waiting on busy_timeout), so it never has to upgrade from
 * a stale read. PostgreSQL: a row lock on the source serializes finishes of that source only.
 */
async function lockForFinish(tx: SqlClient, dialect: Dialect, snapshotId: number): Promise<void> {
  if (dialect === 'sqlite') {
    await tx.$executeRaw(sql`UPDATE "snapshot" SET "status" = "status" WHERE "id" = ${snapshotId}`);
  } else {
    await tx.$queryRaw(
      sql`SELECT src."id" FROM "source" src JOIN "snapshot" sn ON sn."source_id" = src."id" WHERE sn."id" = ${snapshotId} FOR NO KEY UPDATE OF src`,
    );
  }
}

async function nextSeq(tx: SqlClient, sourceId: number): Promise<number> {
  const rows = await tx.$queryRaw<{ max: unknown }[]>(
    sql`SELECT COALESCE(MAX("seq"), 0) AS "max" FROM "snapshot" WHERE "source_id" = ${sourceId}`,
  );
  return toInt(rows[0]?.max ?? 0) + 1;
}

async function liveVersions(tx: SqlClient, sourceId: number): Promise<LiveVersion[]> {
  const rows = await tx.$queryRaw<{ id: unknown; kind: string; namespace: string; name: string; hash: string }[]>(
    sql`SELECT "id", "kind", "namespace", "name", "hash" FROM "object_version" WHERE "source_id" = ${sourceId} AND "to_seq" IS NULL`,
  );
  return rows.map((r) => ({ id: toInt(r.id), kind: r.kind, namespace: r.namespace, name: r.name, hash: r.hash }));
}

/**
 * The text to store for each new body, keyed by hash. Bodies are stored as canonical JSON,
 * so a blob's SHA-256 is its key; a body whose hash is not that of its canonical JSON (the
 * StoredObject contract, lib/core/kube/normalize.ts) is refused rather than stored under a
 * key another body could share.
 */
function blobTexts(objects: readonly StoredObject[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const o of objects) {
    if (texts.has(o.hash)) continue;
    const text = canonicalJson(o.body);
    if (sha256Hex(text) !== o.hash)
      throw new StoreError(`${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}: hash is not the SHA-256 of its canonical JSON`);
    texts.set(o.hash, text);
  }
  return texts;
}

/** Content-addressed: a body already stored (by any snapshot of any source) is not stored again. */
async function writeBlobs(tx: SqlClient, texts: ReadonlyMap<string, string>): Promise<void> {
  // Sorted: two PostgreSQL transactions inserting the same new hashes in one order wait for
  // each other instead of deadlocking.
  const sorted = [...texts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const batch of chunks(sorted, MAX_PARAMS / 2)) {
    const values = batch.map(([hash, text]) => sql`(${hash}, ${text})`);
    await tx.$executeRaw(sql`INSERT INTO "blob" ("hash", "body") VALUES ${join(values)} ON CONFLICT ("hash") DO NOTHING`);
  }
}

async function closeVersions(tx: SqlClient, ids: readonly number[], seq: number): Promise<void> {
  for (const batch of chunks(ids, MAX_PARAMS)) {
    await tx.$executeRaw(sql`UPDATE "object_version" SET "to_seq" = ${seq} WHERE "id" IN (${join(batch)})`);
  }
}

async function insertVersions(tx: SqlClient, sourceId: number, objects: readonly StoredObject[], seq: number): Promise<void> {
  for (const batch of chunks(objects, Math.floor(MAX_PARAMS / 6))) {
    const values = batch.map((o) => sql`(${sourceId}, ${o.kind}, ${o.namespace}, ${o.name}, ${o.hash}, ${seq})`);
    await tx.$executeRaw(
      sql`INSERT INTO "object_version" ("source_id", "kind", "namespace", "name", "hash", "from_seq") VALUES ${join(values)}`,
    );
  }
}

export interface FinishStats {
  added: number;
  closed: number;
}

/** Run inside a transaction. Throws (changing nothing) unless the snapshot is running. */
export async function finishSnapshot(
  tx: SqlClient,
  dialect: Dialect,
  snapshotId: number,
  collected: CollectedSnapshot,
  at: Date,
): Promise<{ summary: SnapshotSummary; stats: FinishStats }> {
  await lockForFinish(tx, dialect, snapshotId);
  const snapshot = await requireSnapshot(tx, snapshotId);
  if (snapshot.status !== 'running')
    throw new StoreError(`snapshot ${snapshotId} is ${snapshot.status}; only a running snapshot can finish`);
  const source = await getSourceById(tx, snapshot.sourceId);
  if (!source) throw new StoreError(`snapshot ${snapshotId} has no source`);
  const missing = checkCollected(collected);

  const seq = await nextSeq(tx, source.id);
  const change = diffLiveSet(await liveVersions(tx, source.id), collected.objects, missing);
  await writeBlobs(tx, blobTexts(change.added));
  // Close before inserting: at most one live version per object (index object_version_live_key).
  await closeVersions(tx, change.closedIds, seq);
  await insertVersions(tx, source.id, change.added, seq);

  const status = collected.missingKinds.length > 0 ? 'partial' : 'complete';
  const counts = JSON.stringify(countObjects(collected.objects, missing, source.kind));
  const digest = snapshotDigest(collected.objects);
  const origin = collected.origin.trim() === '' ? snapshot.origin : collected.origin;
  await tx.$executeRaw(sql`
    UPDATE "snapshot" SET "seq" = ${seq}, "status" = ${status}, "finished_at" = ${at}, "counts" = ${counts},
      "missing_kinds" = ${JSON.stringify(collected.missingKinds)}, "warnings" = ${JSON.stringify(collected.warnings)},
      "digest" = ${digest}, "origin" = ${origin}, "runner" = NULL
    WHERE "id" = ${snapshotId}`);
  return { summary: await requireSnapshot(tx, snapshotId), stats: { added: change.added.length, closed: change.closedIds.length } };
}
