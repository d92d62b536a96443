import 'server-only';
// Where the store lives: a SQLite file by default, PostgreSQL when DATABASE_URL says so.
import { isAbsolute, resolve } from 'node:path';
import { StoreConfigError } from './errors';

export type Dialect = 'sqlite' | 'postgresql';

/** The environment variables read here (process.env, or a plain object in tests). */
type Env = Readonly<Record<string, string | undefined>>;

export type DatabaseTarget =
  | { dialect: 'sqlite'; file: string }
  /** `schema` comes from a `?schema=` URL parameter (Prisma's convention) and becomes the search_path. */
  | { dialect: 'postgresql'; url: string; schema: string | null };

export const DEFAULT_SQLITE_FILE = 'access-atlas.db';

function isPostgresUrl(url: string): boolean {
  return url.startsWith('postgresql://') || url.startsWith('postgres://');
}

function sqliteTarget(url: string, cwd: string): DatabaseTarget {
  const path = url.slice('file:'.length).replace(/\?.*$/, '');
  if (path === '' || path === ':memory:') {
    // Each connection to :memory: is a different database; the store opens more than one.
    throw new StoreConfigError('the store needs a SQLite file, not an in-memory database');
  }
  return { dialect: 'sqlite', file: isAbsolute(path) ? path : resolve(cwd, path) };
}

function postgresTarget(url: string): DatabaseTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreConfigError('DATABASE_URL is not a valid PostgreSQL URL');
  }
  const schema = parsed.searchParams.get('schema');
  if (schema !== null && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new StoreConfigError(`schema "${schema}" must be a lower-case SQL identifier`);
  }
  parsed.searchParams.delete('schema');
  return { dialect: 'postgresql', url: parsed.toString(), schema };
}

/**
 * The database to open: the given URL, else DATABASE_URL, else `access-atlas.db` in
 * ACCESS_ATLAS_DATA_DIR (default `./data`). Relative paths are relative to the working directory.
 */
export function resolveDatabaseTarget(databaseUrl: string | undefined, env: Env = process.env, cwd = process.cwd()): DatabaseTarget {
  const url = databaseUrl ?? (env.DATABASE_URL || undefined);
  if (url === undefined) {
    const dir = env.ACCESS_ATLAS_DATA_DIR || 'data';
    return { dialect: 'sqlite', file: resolve(cwd, dir, DEFAULT_SQLITE_FILE) };
  }
  if (isPostgresUrl(url)) return postgresTarget(url);
  if (url.startsWith('file:')) return sqliteTarget(url, cwd);
  throw new StoreConfigError('DATABASE_URL must start with file:, postgresql:// or postgres://');
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function isLocalHost(host: string): boolean {
  return host.startsWith('/') || LOCAL_HOSTS.has(host.toLowerCase());
}

/**
 * True when a PostgreSQL URL can only reach this machine: a loopback host or a Unix socket
 * (a `host=/path` parameter, or a percent-encoded socket path as host). With no host at all,
 * node-postgres falls back to PGHOST, so that must be local too.
 */
export function isLocalPostgresUrl(url: string, env: Env = process.env): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const hostParam = parsed.searchParams.get('host');
  if (hostParam !== null) return hostParam.startsWith('/');
  const host = decodeURIComponent(parsed.hostname);
  if (host === '') return env.PGHOST === undefined || env.PGHOST === '' || isLocalHost(env.PGHOST);
  return isLocalHost(host);
}

export function isTestEnvironment(env: Env = process.env): boolean {
  return env.NODE_ENV === 'test' || env.ACCESS_ATLAS_TEST === '1';
}

/** Tests truncate and drop what they create: they must never reach a shared database. */
export function assertLocalForTests(target: DatabaseTarget, env: Env = process.env): void {
  if (target.dialect !== 'postgresql' || !isTestEnvironment(env)) return;
  if (!isLocalPostgresUrl(target.url, env)) {
    throw new StoreConfigError(
      'refusing a non-local PostgreSQL server under test (NODE_ENV=test or ACCESS_ATLAS_TEST=1): use 127.0.0.1, localhost, ::1 or a Unix socket',
    );
  }
}
