import 'server-only';
// How many bytes the store's data occupies, to show that storage grows with change.
import type { Dialect } from './database-url';
import { join, sql, toInt, type SqlClient } from './sql';

const TABLES = ['source', 'snapshot', 'blob', 'object_version', '_atlas_migrations'];

/**
 * SQLite: page_count * page_size, the logical size of the database as this connection sees it,
 * WAL frames included (so no checkpoint is needed for an exact figure).
 * PostgreSQL: the main fork of our tables, their indexes and TOAST. The free-space and
 * visibility maps are left out: VACUUM creates them on its own schedule, and counting them
 * would make the size jump by tens of KiB whenever autovacuum happens to pass.
 */
export async function databaseBytes(db: SqlClient, dialect: Dialect): Promise<number> {
  if (dialect === 'sqlite') {
    const rows = await db.$queryRaw<{ bytes: unknown }[]>(
      sql`SELECT p.page_count * s.page_size AS "bytes" FROM pragma_page_count() p, pragma_page_size() s`,
    );
    return toInt(rows[0]?.bytes ?? 0);
  }
  const rows = await db.$queryRaw<{ bytes: unknown }[]>(sql`
    WITH t AS (SELECT to_regclass(name) AS oid FROM unnest(ARRAY[${join(TABLES)}]::text[]) AS name),
    rel AS (
      SELECT oid FROM t WHERE oid IS NOT NULL
      UNION ALL SELECT i.indexrelid FROM pg_index i JOIN t ON i.indrelid = t.oid
      UNION ALL SELECT c.reltoastrelid FROM pg_class c JOIN t ON c.oid = t.oid WHERE c.reltoastrelid <> 0
      UNION ALL SELECT i.indexrelid FROM pg_index i JOIN pg_class c ON i.indrelid = c.reltoastrelid JOIN t ON c.oid = t.oid
    )
    SELECT COALESCE(SUM(pg_relation_size(oid)), 0)::bigint AS "bytes" FROM rel`);
  return toInt(rows[0]?.bytes ?? 0);
}
