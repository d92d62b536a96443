import 'server-only';
// One Store per server process. It is kept on globalThis because `next dev` re-evaluates
// modules on every change, and each evaluation would otherwise open another connection pool.
import { openStore, type Store } from '../store';

const globalForStore = globalThis as typeof globalThis & { __accessAtlasStore?: Promise<Store> };

/** The process-wide store (DATABASE_URL, or the SQLite file under ACCESS_ATLAS_DATA_DIR). */
export function getStore(): Promise<Store> {
  let store = globalForStore.__accessAtlasStore;
  if (!store) {
    store = openStore();
    globalForStore.__accessAtlasStore = store;
    // A failed open (e.g. the database is down) must not be cached: the next request retries.
    store.catch(() => {
      if (globalForStore.__accessAtlasStore === store) globalForStore.__accessAtlasStore = undefined;
    });
  }
  return store;
}

/** Closes the process-wide store and forgets it, so the next getStore() opens the store the env then names. */
export async function closeStore(): Promise<void> {
  const store = globalForStore.__accessAtlasStore;
  globalForStore.__accessAtlasStore = undefined;
  if (store) await (await store).close();
}
