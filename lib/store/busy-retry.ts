import 'server-only';
// SQLite allows one writer at a time across processes. A writer waits busy_timeout for the
// lock; if another process holds it longer (a very large snapshot), the transaction is retried
// whole rather than failing a collection that has already succeeded.
import type { Dialect } from './database-url';

const MAX_ATTEMPTS = 5;
const BASE_DELAY_MS = 200;

/** Message and code of an error and its causes: Prisma wraps the driver's SQLITE_BUSY. */
function errorText(error: unknown): string {
  if (!(error instanceof Error)) return '';
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  return `${error.message} ${code} ${errorText(error.cause)}`;
}

export function isSqliteBusy(error: unknown): boolean {
  return /SQLITE_BUSY|database is locked/i.test(errorText(error));
}

export async function retryWhileBusy<T>(dialect: Dialect, attempt: () => Promise<T>): Promise<T> {
  if (dialect !== 'sqlite') return attempt();
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= MAX_ATTEMPTS || !isSqliteBusy(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, BASE_DELAY_MS * 2 ** (n - 1)));
    }
  }
}
