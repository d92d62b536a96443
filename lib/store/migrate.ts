import 'server-only';
// Applies prisma/migrations/<dialect>/NNNN_name.sql in order, once each, recorded in
// `_atlas_migrations`. Runs at openStore() time through the plain driver, because a migration
// is a multi-statement script (node-postgres runs those only outside prepared statements).
// No Prisma CLI at run time: its WebAssembly schema engine cannot deploy to PostgreSQL 15.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { DatabaseTarget, Dialect } from './database-url';
import { StoreConfigError } from './errors';

export interface Migration {
  id: string;
  sql: string;
  checksum: string;
}

interface AppliedMigration {
  id: string;
  checksum: string;
}

const MIGRATION_FILE = /^\d{4}_[a-z0-9_]+\.sql$/;
const TRACKING_TABLE =
  'CREATE TABLE IF NOT EXISTS "_atlas_migrations" ("id" TEXT NOT NULL PRIMARY KEY, "checksum" TEXT NOT NULL, "applied_at" TEXT NOT NULL)';
/** Any constant works: it only has to be the same in every process that migrates this database. */
const PG_MIGRATION_LOCK = 0x61746c6173; // "atlas"

function folderName(dialect: Dialect): string {
  return dialect === 'sqlite' ? 'sqlite' : 'postgres';
}

/** The migrations folder beside this module in a checkout, else under the working directory (a Next build). */
function migrationsRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', '..', 'prisma', 'migrations'), resolve(process.cwd(), 'prisma', 'migrations')];
  const found = candidates.find((dir) => existsSync(join(dir, 'sqlite')));
  if (!found) throw new StoreConfigError(`no prisma/migrations folder found (looked in ${candidates.join(', ')})`);
  return found;
}

export function loadMigrations(dialect: Dialect, root = migrationsRoot()): Migration[] {
  const dir = join(root, folderName(dialect));
  return readdirSync(dir)
    .filter((file) => MIGRATION_FILE.test(file))
    .sort()
    .map((file) => {
      // Line endings are normalized so a checkout with CRLF does not look like an edited migration.
      const sql = readFileSync(join(dir, file), 'utf8').replace(/\r\n/g, '\n');
      return { id: file.replace(/\.sql$/, ''), sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/** The migrations still to apply; throws when the database's history does not match the files. */
export function pendingMigrations(all: Migration[], applied: AppliedMigration[]): Migration[] {
  const byId = new Map(all.map((m) => [m.id, m]));
  for (const done of applied) {
    const file = byId.get(done.id);
    if (!file)
      throw new StoreConfigError(
        `the database has migration ${done.id}, which this version of Access Atlas does not know: it was migrated by a newer version`,
      );
    if (file.checksum !== done.checksum)
      throw new StoreConfigError(`migration ${done.id} was edited after it was applied to this database`);
  }
  const appliedIds = new Set(applied.map((m) => m.id));
  return all.filter((m) => !appliedIds.has(m.id));
}

function migrateSqlite(file: string, migrations: Migration[]): string[] {
  const db = new Database(file, { timeout: 30_000 });
  try {
    // WAL lets readers work while a snapshot is being written; the setting persists in the file.
    db.pragma('journal_mode = WAL');
    const run = db.transaction(() => {
      db.exec(TRACKING_TABLE);
      const applied = db.prepare('SELECT "id", "checksum" FROM "_atlas_migrations"').all() as AppliedMigration[];
      const pending = pendingMigrations(migrations, applied);
      const record = db.prepare('INSERT INTO "_atlas_migrations" ("id", "checksum", "applied_at") VALUES (?, ?, ?)');
      for (const m of pending) {
        db.exec(m.sql);
        record.run(m.id, m.checksum, new Date().toISOString());
      }
      return pending.map((m) => m.id);
    });
    // IMMEDIATE: take the write lock first, so two processes opening a new file apply each migration once.
    return run.immediate();
  } finally {
    db.close();
  }
}

export function postgresConnectionOptions(schema: string | null): string | undefined {
  return schema === null ? undefined : `-c search_path=${schema}`;
}

async function migratePostgres(url: string, schema: string | null, migrations: Migration[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url, options: postgresConnectionOptions(schema) });
  await client.connect();
  try {
    await client.query('BEGIN');
    // Serializes concurrent openStore() calls; released at COMMIT/ROLLBACK. PostgreSQL DDL is
    // transactional, so a failed migration leaves nothing half-applied.
    await client.query('SELECT pg_advisory_xact_lock($1)', [PG_MIGRATION_LOCK]);
    if (schema !== null) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(TRACKING_TABLE);
    const applied = await client.query<AppliedMigration>('SELECT "id", "checksum" FROM "_atlas_migrations"');
    const pending = pendingMigrations(migrations, applied.rows);
    for (const m of pending) {
      await client.query(m.sql);
      await client.query('INSERT INTO "_atlas_migrations" ("id", "checksum", "applied_at") VALUES ($1, $2, $3)', [
        m.id,
        m.checksum,
        new Date().toISOString(),
      ]);
    }
    await client.query('COMMIT');
    return pending.map((m) => m.id);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** Brings the database up to date; returns the ids of the migrations it applied. */
export async function applyMigrations(target: DatabaseTarget, migrations = loadMigrations(target.dialect)): Promise<string[]> {
  return target.dialect === 'sqlite' ? migrateSqlite(target.file, migrations) : migratePostgres(target.url, target.schema, migrations);
}
