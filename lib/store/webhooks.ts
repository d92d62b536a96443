import 'server-only';
// Webhooks (table webhook) and their deliveries (webhook_delivery): one row per webhook, snapshot
// and event (a snapshot may announce high-impact gains and new findings), retried until delivered
// or given up. The URL is stored sealed (it often embeds a
// token, e.g. Slack's hooks.slack.com/services/T/B/secret); this module never opens it.
// Claiming a delivery is a compare-and-set on (status, attempts, next_attempt_at), so with
// several schedulers on one database each attempt is made once.
import { z } from 'zod';
import { StoreError } from './errors';
import { sql, toInt, type SqlClient } from './sql';
import type { StoreAccess } from './store-access';

export const WEBHOOK_FORMATS = ['json', 'slack'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface Webhook {
  id: number;
  sourceId: number;
  format: WebhookFormat;
  sealedUrl: string;
  createdAt: Date;
}

export interface WebhookDelivery {
  id: number;
  webhookId: number;
  snapshotId: number;
  /** What the payload announces, e.g. `access-atlas.high-impact-gains`. */
  event: string;
  status: DeliveryStatus;
  attempts: number;
  payload: string;
  lastError: string | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
}

/** A pending delivery with what sending it needs. */
export interface DueDelivery extends WebhookDelivery {
  format: WebhookFormat;
  sealedUrl: string;
}

export interface WebhookStore {
  list(sourceId: number): Promise<Webhook[]>;
  get(id: number): Promise<Webhook | null>;
  add(sourceId: number, format: WebhookFormat, sealedUrl: string): Promise<Webhook>;
  /** Removes the source's webhook (and its deliveries); false when it has no such webhook. */
  remove(sourceId: number, id: number): Promise<boolean>;
  /** Queues one event of a snapshot; a second one for the same webhook, snapshot and event is ignored. Returns true when queued. */
  enqueue(webhookId: number, snapshotId: number, payload: string, at: Date, event: string): Promise<boolean>;
  /** Pending deliveries whose next attempt is due, oldest first. */
  listDue(now: Date, limit?: number): Promise<DueDelivery[]>;
  /** Takes an attempt at a due delivery until `until` (so no other scheduler sends it meanwhile); false if someone else did. */
  claim(id: number, attempts: number, now: Date, until: Date): Promise<boolean>;
  /** Records one attempt: delivered, retried at `nextAttemptAt`, or (nextAttemptAt null) given up as failed. */
  recordAttempt(id: number, outcome: { at: Date; error: string | null; nextAttemptAt: Date | null }): Promise<WebhookDelivery>;
  /** Newest first, across the source's webhooks. */
  listDeliveries(sourceId: number, limit?: number): Promise<WebhookDelivery[]>;
}

const int = z.union([z.number(), z.bigint()]).transform((v) => toInt(v));

const webhookRowSchema = z.object({
  id: int,
  source_id: int,
  format: z.enum(WEBHOOK_FORMATS),
  sealed_url: z.string(),
  created_at: z.date(),
});

const deliveryColumns = {
  id: int,
  webhook_id: int,
  snapshot_id: int,
  event: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: int,
  payload: z.string(),
  last_error: z.string().nullable(),
  next_attempt_at: z.date().nullable(),
  delivered_at: z.date().nullable(),
};
const deliveryRowSchema = z.object(deliveryColumns);
const dueRowSchema = z.object({ ...deliveryColumns, format: z.enum(WEBHOOK_FORMATS), sealed_url: z.string() });

const SELECT_WEBHOOK = sql`SELECT "id", "source_id", "format", "sealed_url", "created_at" FROM "webhook"`;
const DELIVERY_COLUMNS = sql`d."id", d."webhook_id", d."snapshot_id", d."event", d."status", d."attempts", d."payload", d."last_error", d."next_attempt_at", d."delivered_at"`;

function toWebhook(row: unknown): Webhook {
  const r = webhookRowSchema.parse(row);
  return { id: r.id, sourceId: r.source_id, format: r.format, sealedUrl: r.sealed_url, createdAt: r.created_at };
}

function toDelivery(r: z.infer<typeof deliveryRowSchema>): WebhookDelivery {
  return {
    id: r.id,
    webhookId: r.webhook_id,
    snapshotId: r.snapshot_id,
    event: r.event,
    status: r.status,
    attempts: r.attempts,
    payload: r.payload,
    lastError: r.last_error,
    nextAttemptAt: r.next_attempt_at,
    deliveredAt: r.delivered_at,
  };
}

async function getDelivery(db: SqlClient, id: number): Promise<WebhookDelivery> {
  const rows = await db.$queryRaw<unknown[]>(sql`SELECT ${DELIVERY_COLUMNS} FROM "webhook_delivery" d WHERE d."id" = ${id}`);
  if (rows[0] === undefined) throw new StoreError(`no webhook delivery with id ${id}`);
  return toDelivery(deliveryRowSchema.parse(rows[0]));
}

async function getWebhook(db: SqlClient, id: number): Promise<Webhook | null> {
  const rows = await db.$queryRaw<unknown[]>(sql`${SELECT_WEBHOOK} WHERE "id" = ${id}`);
  return rows[0] === undefined ? null : toWebhook(rows[0]);
}

export function webhookStore(access: StoreAccess): WebhookStore {
  return {
    list: (sourceId) =>
      access.read(async (db) =>
        (await db.$queryRaw<unknown[]>(sql`${SELECT_WEBHOOK} WHERE "source_id" = ${sourceId} ORDER BY "id"`)).map(toWebhook),
      ),
    get: (id) => access.read((db) => getWebhook(db, id)),
    add: (sourceId, format, sealedUrl) =>
      access.write(async (tx) => {
        if (!WEBHOOK_FORMATS.includes(format)) throw new StoreError(`unknown webhook format "${String(format)}"`);
        const source = await tx.$queryRaw<unknown[]>(sql`SELECT 1 FROM "source" WHERE "id" = ${sourceId}`);
        if (source.length === 0) throw new StoreError(`no source with id ${sourceId}`);
        const inserted = await tx.$queryRaw<{ id: unknown }[]>(
          sql`INSERT INTO "webhook" ("source_id", "format", "sealed_url", "created_at") VALUES (${sourceId}, ${format}, ${sealedUrl}, ${new Date()}) RETURNING "id"`,
        );
        const webhook = inserted[0] === undefined ? null : await getWebhook(tx, toInt(inserted[0].id));
        if (!webhook) throw new StoreError('inserting the webhook returned no id');
        return webhook;
      }),
    remove: (sourceId, id) =>
      access.write(async (tx) => (await tx.$executeRaw(sql`DELETE FROM "webhook" WHERE "id" = ${id} AND "source_id" = ${sourceId}`)) > 0),
    enqueue: (webhookId, snapshotId, payload, at, event) =>
      access.write(async (tx) => {
        const n = await tx.$executeRaw(
          sql`INSERT INTO "webhook_delivery" ("webhook_id", "snapshot_id", "event", "status", "attempts", "payload", "next_attempt_at")
              VALUES (${webhookId}, ${snapshotId}, ${event}, 'pending', 0, ${payload}, ${at})
              ON CONFLICT ("webhook_id", "snapshot_id", "event") DO NOTHING`,
        );
        return n > 0;
      }),
    listDue: (now, limit = 50) =>
      access.read(async (db) => {
        const rows = await db.$queryRaw<unknown[]>(
          sql`SELECT ${DELIVERY_COLUMNS}, w."format", w."sealed_url" FROM "webhook_delivery" d JOIN "webhook" w ON w."id" = d."webhook_id"
              WHERE d."status" = 'pending' AND d."next_attempt_at" <= ${now} ORDER BY d."next_attempt_at", d."id" LIMIT ${limit}`,
        );
        return rows.map((row) => {
          const r = dueRowSchema.parse(row);
          return { ...toDelivery(r), format: r.format, sealedUrl: r.sealed_url };
        });
      }),
    claim: (id, attempts, now, until) =>
      access.write(async (tx) => {
        const n = await tx.$executeRaw(
          sql`UPDATE "webhook_delivery" SET "attempts" = ${attempts + 1}, "next_attempt_at" = ${until}
              WHERE "id" = ${id} AND "status" = 'pending' AND "attempts" = ${attempts} AND "next_attempt_at" <= ${now}`,
        );
        return n === 1;
      }),
    recordAttempt: (id, o) =>
      access.write(async (tx) => {
        if (o.error === null) {
          await tx.$executeRaw(
            sql`UPDATE "webhook_delivery" SET "status" = 'delivered', "delivered_at" = ${o.at}, "last_error" = NULL, "next_attempt_at" = NULL WHERE "id" = ${id}`,
          );
        } else {
          const status = o.nextAttemptAt === null ? 'failed' : 'pending';
          await tx.$executeRaw(
            sql`UPDATE "webhook_delivery" SET "status" = ${status}, "last_error" = ${o.error}, "next_attempt_at" = ${o.nextAttemptAt} WHERE "id" = ${id}`,
          );
        }
        return getDelivery(tx, id);
      }),
    listDeliveries: (sourceId, limit = 50) =>
      access.read(async (db) => {
        const rows = await db.$queryRaw<unknown[]>(
          sql`SELECT ${DELIVERY_COLUMNS} FROM "webhook_delivery" d JOIN "webhook" w ON w."id" = d."webhook_id" WHERE w."source_id" = ${sourceId} ORDER BY d."id" DESC LIMIT ${limit}`,
        );
        return rows.map((row) => toDelivery(deliveryRowSchema.parse(row)));
      }),
  };
}
