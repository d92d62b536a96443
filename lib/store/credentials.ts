import 'server-only';
// Sealed source credentials (lib/server/secret-box.ts seals them): one opaque blob per source.
// The store never sees plaintext; deleting the source deletes its row (ON DELETE CASCADE).
import type { StoreAccess } from './store-access';
import { sql } from './sql';

export interface CredentialStore {
  /** Creates or replaces the source's sealed credentials. */
  put(sourceId: number, sealed: string): Promise<void>;
  get(sourceId: number): Promise<string | null>;
  /** True when there was something to delete. */
  delete(sourceId: number): Promise<boolean>;
}

export function credentialStore(access: StoreAccess): CredentialStore {
  return {
    put: (sourceId, sealed) =>
      access.write(async (tx) => {
        const now = new Date();
        await tx.$executeRaw(
          sql`INSERT INTO "source_credential" ("source_id", "sealed", "updated_at") VALUES (${sourceId}, ${sealed}, ${now})
              ON CONFLICT ("source_id") DO UPDATE SET "sealed" = excluded."sealed", "updated_at" = excluded."updated_at"`,
        );
      }),
    get: (sourceId) =>
      access.read(async (db) => {
        const rows = await db.$queryRaw<{ sealed: string }[]>(
          sql`SELECT "sealed" FROM "source_credential" WHERE "source_id" = ${sourceId}`,
        );
        return rows[0]?.sealed ?? null;
      }),
    delete: (sourceId) =>
      access.write(async (tx) => (await tx.$executeRaw(sql`DELETE FROM "source_credential" WHERE "source_id" = ${sourceId}`)) > 0),
  };
}
