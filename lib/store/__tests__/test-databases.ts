import 'server-only';
// Fresh databases for the store suite: a temporary SQLite file, or a fresh schema in a local
// PostgreSQL database (created when missing). Each can count rows directly, bypassing the store.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Dialect } from '../database-url';
import { isLocalPostgresUrl } from '../database-url';

export interface TestDatabase {
  dialect: Dialect;
  /** What openStore({ databaseUrl }) takes. */
  url: string;
  /** Rows of a store table, e.g. count('object_version', '"to_seq" IS NULL'). Constant SQL only. */
  count(table: string, where?: string): Promise<number>;
  /** Runs a constant SQL script directly, e.g. to install a fault-injecting trigger. */
  exec(script: string): Promise<void>;
  drop(): Promise<void>;
}

/** Every store test runs under the test guard: no non-local PostgreSQL, ever. */
process.env.ACCESS_ATLAS_TEST = '1';

function countSql(table: string, where: string | undefined): string {
  return `SELECT COUNT(*) AS n FROM "${table}"${where ? ` WHERE ${where}` : ''}`;
}

export function sqliteTestDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-store-'));
  const file = join(dir, 'nested', 'atlas.db');
  return {
    dialect: 'sqlite',
    url: `file:${file}`,
    count(table, where) {
      const db = new Database(file, { readonly: true });
      try {
        const row = db.prepare(countSql(table, where)).get() as { n: number };
        return Promise.resolve(row.n);
      } finally {
        db.close();
      }
    },
    exec(script) {
      const db = new Database(file);
      try {
        db.exec(script);
        return Promise.resolve();
      } finally {
        db.close();
      }
    },
    drop() {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>, options?: string): Promise<T> {
  const client = new pg.Client({ connectionString: url, options });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function ensureDatabase(baseUrl: string): Promise<void> {
  const url = new URL(baseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`test database name "${name}" must be a lower-case identifier`);
  url.pathname = '/postgres';
  await withClient(url.toString(), async (client) => {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount !== 0) return;
    await client.query(`CREATE DATABASE "${name}"`).catch((error: { code?: string }) => {
      if (error.code !== '42P04') throw error; // created meanwhile by a parallel test file
    });
  });
}

/** A fresh schema `t_<pid>_<random>` in the database of `baseUrl`, which must be local. */
export async function postgresTestDatabase(baseUrl: string): Promise<TestDatabase> {
  if (!isLocalPostgresUrl(baseUrl))
    throw new Error('ACCESS_ATLAS_TEST_PG_URL must point at a local server (127.0.0.1, localhost, ::1 or a socket)');
  await ensureDatabase(baseUrl);
  const schema = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = new URL(baseUrl);
  url.searchParams.set('schema', schema);
  const searchPath = `-c search_path=${schema}`;
  return {
    dialect: 'postgresql',
    url: url.toString(),
    count: (table, where) =>
      withClient(baseUrl, async (c) => Number((await c.query<{ n: string }>(countSql(table, where))).rows[0]?.n), searchPath),
    exec: (script) => withClient(baseUrl, async (c) => void (await c.query(script)), searchPath),
    drop: () => withClient(baseUrl, async (c) => void (await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`))),
  };
}
