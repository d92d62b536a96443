// The store a command asks: the database that io.env and io.cwd name (DATABASE_URL, else
// access-atlas.db in ACCESS_ATLAS_DATA_DIR, default ./data), as lib/store/database-url.ts resolves it.
// openStore alone would read this process's environment and working directory, not the command's.
import type { Store } from '../lib/store';
import type { CliIo } from './io';

export async function openCliStore(io: CliIo): Promise<Store> {
  // Imported when needed: the database driver costs seconds to load, and a `can-i --from` needs none.
  const { openStore } = await import('../lib/store');
  const { resolveDatabaseTarget } = await import('../lib/store/database-url');
  const target = resolveDatabaseTarget(undefined, io.env, io.cwd);
  // A relative file: URL would be resolved again against this process's directory: give the resolved file.
  const databaseUrl = target.dialect === 'sqlite' ? `file:${target.file}` : io.env.DATABASE_URL;
  return openStore(databaseUrl === undefined ? {} : { databaseUrl });
}
