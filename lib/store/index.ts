import 'server-only';
// lib/store: the only code that talks to the database (through Prisma and its driver adapters).
// Everything it returns is one of our types from lib/core/snapshot/types.ts.
export { openStore, type Store, type OpenStoreOptions } from './open-store';
export { recordSnapshot, type Collect } from './record-snapshot';
export type { EnsureSourceInput } from './sources';
export type { Dialect } from './database-url';
export { isLocalPostgresUrl } from './database-url';
export { StoreError, StoreConfigError } from './errors';
