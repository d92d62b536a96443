import 'server-only';
// The slice of a generated Prisma client the store uses: tagged-template SQL and interactive
// transactions. The SQLite and PostgreSQL clients come from one datamodel but are unrelated
// classes to TypeScript; both satisfy this interface, so the store is written once.
import type { Sql } from '@prisma/client/runtime/client';

export { sqltag as sql, join, empty, raw } from '@prisma/client/runtime/client';
export type { Sql };

export interface SqlClient {
  $queryRaw<T = unknown>(query: Sql): Promise<T>;
  $executeRaw(query: Sql): Promise<number>;
}

export interface TransactionOptions {
  /** How long to wait for the transaction to start (SQLite: for this process's other transaction). */
  maxWait?: number;
  /** How long the transaction may stay open before Prisma rolls it back. */
  timeout?: number;
}

export interface RootClient extends SqlClient {
  $transaction<R>(fn: (tx: SqlClient) => Promise<R>, options?: TransactionOptions): Promise<R>;
  $disconnect(): Promise<void>;
}

/** Integers come back as number or bigint depending on dialect and expression. */
export function toInt(value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'bigint' && value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)) {
    return Number(value);
  }
  throw new TypeError(`expected an integer from the database, got ${typeof value}`);
}

/** Splits `items` into runs of at most `size`, for statements with a bounded number of parameters. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
