import 'server-only';
// What a part of the store (schedules, reviews, credentials, webhooks, links, suppressions) needs
// from the Store that owns the connection: the dialect, and a read or write transaction run the Store's way
// (serialized on SQLite, retried while busy). Each part lives in its own module and is exposed
// as a property of Store, e.g. `store.reviews`.
import type { Dialect } from './database-url';
import type { SqlClient } from './sql';

export interface StoreAccess {
  readonly dialect: Dialect;
  read<T>(fn: (db: SqlClient) => Promise<T>): Promise<T>;
  write<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
}
