import 'server-only';
// Every object of one snapshot, in ONE indexed query: the versions of its source whose
// [fromSeq, toSeq) range holds the snapshot's seq, joined to their bodies. The range test is
// written as two index range scans (still live: object_version_live_key; closed after this
// snapshot: object_version_source_id_to_seq_from_seq_idx) because an OR over to_seq makes
// SQLite scan every version the source ever had.
import { isSnapshotKind, type SnapshotKind, type SnapshotSummary, type StoredObject } from '../core/snapshot/types';
import { StoreError } from './errors';
import { parseJsonObject } from './rows';
import { empty, join, sql, type Sql, type SqlClient } from './sql';

interface ObjectRow {
  kind: string;
  namespace: string;
  name: string;
  hash: string;
  body: string;
}

function byKindNamespaceName(a: StoredObject, b: StoredObject): number {
  if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function toStoredObject(row: ObjectRow): StoredObject {
  if (!isSnapshotKind(row.kind)) throw new StoreError(`stored object ${row.name} has unknown kind ${row.kind}`);
  return {
    kind: row.kind,
    namespace: row.namespace,
    name: row.name,
    hash: row.hash,
    body: parseJsonObject(row.body, `body of ${row.kind} ${row.name}`),
  };
}

/**
 * The kinds to return: those asked for (default all), minus the snapshot's missing kinds.
 * A missing kind's older versions are still live in the table, but this snapshot did not see
 * them, so showing them would present stale data as current.
 */
function kindFilter(snapshot: SnapshotSummary, kinds: readonly SnapshotKind[] | undefined) {
  const missing = snapshot.missingKinds.map((m) => m.kind);
  if (kinds !== undefined) {
    const wanted = kinds.filter((k) => !missing.includes(k));
    return wanted.length === 0 ? null : sql`WHERE v."kind" IN (${join(wanted)})`;
  }
  return missing.length === 0 ? empty : sql`WHERE v."kind" NOT IN (${join(missing)})`;
}

/** The one statement that reads a snapshot's objects; null when no kind is left to read. */
export function objectsQuery(snapshot: SnapshotSummary, kinds?: readonly SnapshotKind[]): Sql | null {
  const filter = kindFilter(snapshot, kinds);
  if (filter === null) return null;
  const { sourceId, seq } = snapshot;
  return sql`
    SELECT v."kind", v."namespace", v."name", v."hash", b."body"
    FROM (
      SELECT "kind", "namespace", "name", "hash" FROM "object_version"
        WHERE "source_id" = ${sourceId} AND "to_seq" IS NULL AND "from_seq" <= ${seq}
      UNION ALL
      SELECT "kind", "namespace", "name", "hash" FROM "object_version"
        WHERE "source_id" = ${sourceId} AND "to_seq" > ${seq} AND "from_seq" <= ${seq}
    ) v JOIN "blob" b ON b."hash" = v."hash"
    ${filter}`;
}

/** Objects sorted by kind, namespace, name (code-unit order). Refuses running and failed snapshots: they hold no data. */
export async function readObjects(db: SqlClient, snapshot: SnapshotSummary, kinds?: readonly SnapshotKind[]): Promise<StoredObject[]> {
  if (snapshot.status !== 'complete' && snapshot.status !== 'partial') {
    throw new StoreError(`snapshot ${snapshot.id} is ${snapshot.status}; it holds no objects`);
  }
  const query = objectsQuery(snapshot, kinds);
  if (query === null) return [];
  const rows = await db.$queryRaw<ObjectRow[]>(query);
  // Sorted here, not in SQL: PostgreSQL would order by the database's locale collation and
  // SQLite by bytes, and the same snapshot must read the same on both.
  return rows.map(toStoredObject).sort(byKindNamespaceName);
}
