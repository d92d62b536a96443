import 'server-only';
// Opens a Prisma client (query compiler, no native engine) on the right driver adapter.
// The generated clients are imported lazily: a SQLite install never loads PostgreSQL's.
import { closeSync, fchmodSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { DatabaseTarget } from './database-url';
import { postgresConnectionOptions } from './migrate';
import { sql, type RootClient } from './sql';

/** How long a SQLite write waits for another process's write to finish before failing. */
export const SQLITE_BUSY_TIMEOUT_MS = 30_000;

async function connectSqlite(file: string): Promise<RootClient> {
  const { PrismaClient } = await import('./generated/sqlite/client');
  const client = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}`, timeout: SQLITE_BUSY_TIMEOUT_MS }) });
  // Per-connection settings (journal_mode=WAL is persistent and set by the migration runner).
  // synchronous=NORMAL is safe in WAL mode: a power cut may lose the last commit, never corrupt.
  // foreign_keys is off by default in SQLite; the schema's ON DELETE CASCADE needs it.
  await client.$executeRaw(sql`PRAGMA foreign_keys = ON`);
  await client.$executeRaw(sql`PRAGMA synchronous = NORMAL`);
  await client.$executeRaw(sql`PRAGMA temp_store = MEMORY`);
  return client;
}

async function connectPostgres(url: string, schema: string | null): Promise<RootClient> {
  const { PrismaClient } = await import('./generated/postgres/client');
  const adapter = new PrismaPg({ connectionString: url, options: postgresConnectionOptions(schema), max: 5 });
  return new PrismaClient({ adapter });
}

/**
 * Creates the database's directory and the (empty) database file owner-only (0700, 0600) before
 * SQLite opens it: the file says who can do what in every cluster. SQLite creates the -wal and
 * -shm files with the main file's permissions (findCreateFileMode and unixOpenSharedMemory in
 * https://github.com/sqlite/sqlite/blob/master/src/os_unix.c), so they follow. An existing file
 * keeps the mode it has: the operator may have set it on purpose.
 */
export function ensureSqliteDirectory(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw error;
  }
  try {
    // The umask may have narrowed the mode further, never widened it; make it exact.
    fchmodSync(fd, 0o600);
  } finally {
    closeSync(fd);
  }
}

export async function connect(target: DatabaseTarget): Promise<RootClient> {
  return target.dialect === 'sqlite' ? connectSqlite(target.file) : connectPostgres(target.url, target.schema);
}
