import 'server-only';
// Suppressions (table suppression) and their history (suppression_event), per source, addressed by
// the source's name. A suppression is never deleted: revoking it sets revoked_at and appends a
// `revoked` event beside its `created` one, so an auditor can always read who accepted a finding,
// why, and who withdrew it. Whether one is still in force is not decided here: expiry is a
// comparison of expiresAt with the caller's clock, made in lib/core (applySuppressions) from the
// `now` lib/server hands it, so every reader decides it the same way.
import { z } from 'zod';
import type { Suppression } from '../core/findings/types';
import { StoreError } from './errors';
import { getSource } from './sources';
import { sql, toInt, type SqlClient } from './sql';
import type { StoreAccess } from './store-access';

export const SUPPRESSION_ACTIONS = ['created', 'revoked'] as const;
export type SuppressionAction = (typeof SUPPRESSION_ACTIONS)[number];

/** A stored suppression: lib/core's shape (usable as is by applySuppressions), and when it was revoked. */
export interface StoredSuppression extends Suppression {
  /** ISO date-time; null while not revoked (it may have expired all the same). */
  revokedAt: string | null;
}

export interface NewSuppression {
  rule: string;
  subjectPattern: string | null;
  objectPattern: string | null;
  scope: string | null;
  justification: string;
  owner: string;
  expiresAt: Date;
  /** Who recorded it: the actor of its `created` event. */
  createdBy: string;
  /** When it was recorded; default now. */
  at?: Date;
}

export interface SuppressionRevocation {
  by: string;
  reason: string;
  /** Default now. */
  at?: Date;
}

/** One entry of a suppression's history. `created` carries the justification as its reason. */
export interface SuppressionEvent {
  id: number;
  suppressionId: number;
  action: SuppressionAction;
  actor: string;
  reason: string;
  /** ISO date-time. */
  at: string;
}

export interface SuppressionStore {
  /** Records a suppression and its `created` event; refused for an unknown source. */
  create(sourceName: string, input: NewSuppression): Promise<StoredSuppression>;
  /** The source's suppression with this id (revoked or not), or null. */
  get(sourceName: string, id: number): Promise<StoredSuppression | null>;
  /** Oldest first; revoked ones only with includeRevoked. Expired ones are listed: expiry is the caller's to decide. */
  list(sourceName: string, opts?: { includeRevoked?: boolean }): Promise<StoredSuppression[]>;
  /** Revokes and records who and why; refused when the source has no such suppression or it is already revoked. */
  revoke(sourceName: string, id: number, revocation: SuppressionRevocation): Promise<StoredSuppression>;
  /** Events oldest first: of one suppression, or of all the source's. */
  history(sourceName: string, id?: number): Promise<SuppressionEvent[]>;
}

const int = z.union([z.number(), z.bigint()]).transform((v) => toInt(v));

const suppressionRowSchema = z.object({
  id: int,
  rule: z.string(),
  subject_pattern: z.string().nullable(),
  object_pattern: z.string().nullable(),
  scope: z.string().nullable(),
  justification: z.string(),
  owner: z.string(),
  expires_at: z.date(),
  created_at: z.date(),
  revoked_at: z.date().nullable(),
});

const eventRowSchema = z.object({
  id: int,
  suppression_id: int,
  action: z.enum(SUPPRESSION_ACTIONS),
  actor: z.string(),
  reason: z.string(),
  at: z.date(),
});

const SELECT_SUPPRESSION = sql`SELECT s."id", s."rule", s."subject_pattern", s."object_pattern", s."scope", s."justification", s."owner",
  s."expires_at", s."created_at", s."revoked_at" FROM "suppression" s JOIN "source" src ON src."id" = s."source_id"`;

const SELECT_EVENT = sql`SELECT e."id", e."suppression_id", e."action", e."actor", e."reason", e."at"
  FROM "suppression_event" e JOIN "suppression" s ON s."id" = e."suppression_id" JOIN "source" src ON src."id" = s."source_id"`;

function toSuppression(row: unknown): StoredSuppression {
  const r = suppressionRowSchema.parse(row);
  return {
    id: r.id,
    rule: r.rule,
    subjectPattern: r.subject_pattern,
    objectPattern: r.object_pattern,
    scope: r.scope,
    justification: r.justification,
    owner: r.owner,
    expiresAt: r.expires_at.toISOString(),
    createdAt: r.created_at.toISOString(),
    revokedAt: r.revoked_at?.toISOString() ?? null,
  };
}

function toEvent(row: unknown): SuppressionEvent {
  const r = eventRowSchema.parse(row);
  return { id: r.id, suppressionId: r.suppression_id, action: r.action, actor: r.actor, reason: r.reason, at: r.at.toISOString() };
}

async function getSuppression(db: SqlClient, sourceName: string, id: number): Promise<StoredSuppression | null> {
  const rows = await db.$queryRaw<unknown[]>(sql`${SELECT_SUPPRESSION} WHERE src."name" = ${sourceName} AND s."id" = ${id}`);
  return rows[0] === undefined ? null : toSuppression(rows[0]);
}

/** What the store itself insists on; the API validates the rest (rule ids, patterns, bounds, the expiry window). */
function requireText(value: string, what: string): void {
  if (value.trim() === '') throw new StoreError(`a suppression needs a non-empty ${what}`);
}

async function appendEvent(tx: SqlClient, suppressionId: number, action: SuppressionAction, actor: string, reason: string, at: Date) {
  await tx.$executeRaw(
    sql`INSERT INTO "suppression_event" ("suppression_id", "action", "actor", "reason", "at") VALUES (${suppressionId}, ${action}, ${actor}, ${reason}, ${at})`,
  );
}

export function suppressionStore(access: StoreAccess): SuppressionStore {
  return {
    create: (sourceName, input) =>
      access.write(async (tx) => {
        for (const [value, what] of [
          [input.rule, 'rule'],
          [input.justification, 'justification'],
          [input.owner, 'owner'],
          [input.createdBy, 'creator'],
        ] as const)
          requireText(value, what);
        if (Number.isNaN(input.expiresAt.getTime())) throw new StoreError('a suppression needs a valid expiry date');
        const source = await getSource(tx, sourceName);
        if (!source) throw new StoreError(`no source named "${sourceName}"`);
        const at = input.at ?? new Date();
        const inserted = await tx.$queryRaw<{ id: unknown }[]>(
          sql`INSERT INTO "suppression" ("source_id", "rule", "subject_pattern", "object_pattern", "scope", "justification", "owner", "expires_at", "created_at")
              VALUES (${source.id}, ${input.rule}, ${input.subjectPattern}, ${input.objectPattern}, ${input.scope}, ${input.justification}, ${input.owner}, ${input.expiresAt}, ${at})
              RETURNING "id"`,
        );
        const id = inserted[0] === undefined ? undefined : toInt(inserted[0].id);
        if (id === undefined) throw new StoreError('inserting the suppression returned no id');
        await appendEvent(tx, id, 'created', input.createdBy, input.justification, at);
        const suppression = await getSuppression(tx, sourceName, id);
        if (!suppression) throw new StoreError(`suppression ${id} vanished while it was created`);
        return suppression;
      }),
    get: (sourceName, id) => access.read((db) => getSuppression(db, sourceName, id)),
    list: (sourceName, opts = {}) =>
      access.read(async (db) => {
        const rows = opts.includeRevoked
          ? await db.$queryRaw<unknown[]>(sql`${SELECT_SUPPRESSION} WHERE src."name" = ${sourceName} ORDER BY s."id"`)
          : await db.$queryRaw<unknown[]>(
              sql`${SELECT_SUPPRESSION} WHERE src."name" = ${sourceName} AND s."revoked_at" IS NULL ORDER BY s."id"`,
            );
        return rows.map(toSuppression);
      }),
    revoke: (sourceName, id, revocation) =>
      access.write(async (tx) => {
        requireText(revocation.by, 'name of who revokes it');
        requireText(revocation.reason, 'reason to revoke it');
        const current = await getSuppression(tx, sourceName, id);
        if (!current) throw new StoreError(`source "${sourceName}" has no suppression ${id}`);
        const at = revocation.at ?? new Date();
        // Conditional, so of two revocations racing on PostgreSQL only one changes the row and records an event.
        const changed = await tx.$executeRaw(
          sql`UPDATE "suppression" SET "revoked_at" = ${at} WHERE "id" = ${id} AND "revoked_at" IS NULL`,
        );
        if (changed !== 1) throw new StoreError(`suppression ${id} is already revoked`);
        await appendEvent(tx, id, 'revoked', revocation.by, revocation.reason, at);
        return { ...current, revokedAt: at.toISOString() };
      }),
    history: (sourceName, id) =>
      access.read(async (db) => {
        const rows =
          id === undefined
            ? await db.$queryRaw<unknown[]>(sql`${SELECT_EVENT} WHERE src."name" = ${sourceName} ORDER BY e."id"`)
            : await db.$queryRaw<unknown[]>(sql`${SELECT_EVENT} WHERE src."name" = ${sourceName} AND s."id" = ${id} ORDER BY e."id"`);
        return rows.map(toEvent);
      }),
  };
}
