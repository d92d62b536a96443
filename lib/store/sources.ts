import 'server-only';
// Sources: the clusters and cloud accounts snapshots are taken of.
import { sourceNameError } from '../core/snapshot/source-name';
import type { JsonObject, JsonValue, Source, SourceKind } from '../core/snapshot/types';
import { StoreError } from './errors';
import { SOURCE_COLUMNS, toSource } from './rows';
import { raw, sql, type SqlClient } from './sql';

export interface EnsureSourceInput {
  name: string;
  kind: SourceKind;
  /** Where snapshots come from. Replaces the stored value when given. Never credentials. */
  connection?: JsonObject;
}

/** Key names that hold secrets in kubeconfigs and cloud SDK configs (token, client-key-data, AccessKeySecret...). */
const CREDENTIAL_KEY = /token|passw|secret|credential|private.?key|client.?key|access.?key|key.?data|certificate.?data/i;

function credentialPath(value: JsonValue, path: string): string | null {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = credentialPath(item, `${path}[${i}]`);
      if (found) return found;
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (CREDENTIAL_KEY.test(key)) return `${path}.${key}`;
      const found = credentialPath(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

function validate(input: EnsureSourceInput): void {
  // The chokepoint: whatever entry a name came through, no bad one is ever created. Sources stored
  // before the rule stay readable and deletable; only creating one is refused.
  const badName = sourceNameError(input.name, 'source');
  if (badName) throw new StoreError(badName);
  if (input.kind !== 'cluster' && input.kind !== 'cloud-account') throw new StoreError(`unknown source kind "${String(input.kind)}"`);
  const secret = input.connection ? credentialPath(input.connection, 'connection') : null;
  if (secret) throw new StoreError(`source ${input.name}: ${secret} looks like a credential; the store keeps only where data comes from`);
}

const selectSource = raw(`SELECT ${SOURCE_COLUMNS} FROM "source"`);

export async function getSource(db: SqlClient, name: string): Promise<Source | null> {
  const rows = await db.$queryRaw<unknown[]>(sql`${selectSource} WHERE "name" = ${name}`);
  return rows[0] === undefined ? null : toSource(rows[0]);
}

export async function getSourceById(db: SqlClient, id: number): Promise<Source | null> {
  const rows = await db.$queryRaw<unknown[]>(sql`${selectSource} WHERE "id" = ${id}`);
  return rows[0] === undefined ? null : toSource(rows[0]);
}

export async function listSources(db: SqlClient): Promise<Source[]> {
  const rows = await db.$queryRaw<unknown[]>(sql`${selectSource} ORDER BY "name"`);
  return rows.map(toSource);
}

/** Creates the source, or returns the existing one (refusing a different kind); run inside a transaction. */
export async function ensureSource(tx: SqlClient, input: EnsureSourceInput, now: Date): Promise<Source> {
  validate(input);
  const connection = JSON.stringify(input.connection ?? {});
  // ON CONFLICT: two processes ensuring the same new source both succeed, with one row.
  await tx.$executeRaw(
    sql`INSERT INTO "source" ("name", "kind", "connection", "created_at") VALUES (${input.name}, ${input.kind}, ${connection}, ${now}) ON CONFLICT ("name") DO NOTHING`,
  );
  const source = await getSource(tx, input.name);
  if (!source) throw new StoreError(`source ${input.name} vanished while being created`);
  if (source.kind !== input.kind) throw new StoreError(`source ${input.name} is a ${source.kind}, not a ${input.kind}`);
  if (input.connection && JSON.stringify(source.connection) !== connection) {
    await tx.$executeRaw(sql`UPDATE "source" SET "connection" = ${connection} WHERE "id" = ${source.id}`);
    return { ...source, connection: input.connection };
  }
  return source;
}

/** Deletes the source and, by ON DELETE CASCADE, its snapshots, object versions, credentials, schedule and webhooks. */
export async function deleteSource(tx: SqlClient, name: string): Promise<boolean> {
  return (await tx.$executeRaw(sql`DELETE FROM "source" WHERE "name" = ${name}`)) > 0;
}
