import 'server-only';
// Weekly reviews (table review) and the reviewer's verdict on each change (table review_mark).
// A review's changes are frozen into review.changes when it is created, so a past review reads
// the same forever, whatever happens to snapshots or to the diff code later. A signed-off review
// is closed: marks and sign-off are refused by the same UPDATE/INSERT that would change it.
import { z } from 'zod';
import type { JsonObject } from '../core/snapshot/types';
import { StoreError } from './errors';
import { parseJsonObject } from './rows';
import { empty, sql, toInt, type SqlClient } from './sql';
import type { StoreAccess } from './store-access';

export const REVIEW_VERDICTS = ['expected', 'follow-up', 'revert-requested'] as const;
export type ReviewVerdict = (typeof REVIEW_VERDICTS)[number];
export type ReviewStatus = 'open' | 'signed-off';

export interface Review {
  id: number;
  sourceId: number;
  fromSnapshotId: number;
  toSnapshotId: number;
  status: ReviewStatus;
  createdAt: Date;
  createdBy: string;
  /** The frozen changes, as lib/server/reviews.ts wrote them (it validates them on read). */
  changes: JsonObject;
  signedOffBy: string | null;
  signedOffAt: Date | null;
  signOffComment: string | null;
}

export interface ReviewMark {
  changeKey: string;
  verdict: ReviewVerdict;
  note: string;
  markedBy: string;
  markedAt: Date;
}

export interface NewReview {
  sourceId: number;
  fromSnapshotId: number;
  toSnapshotId: number;
  createdBy: string;
  changes: JsonObject;
  at: Date;
}

export interface ReviewStore {
  create(input: NewReview): Promise<Review>;
  get(id: number): Promise<Review | null>;
  /** Newest first; optionally one source's. */
  list(opts?: { sourceId?: number }): Promise<Review[]>;
  /** The signed-off review of the source that ends last (highest to-snapshot), or null. */
  lastSignedOff(sourceId: number): Promise<Review | null>;
  marks(reviewId: number): Promise<ReviewMark[]>;
  /** Sets (or replaces) the verdict on one change of an open review. */
  mark(reviewId: number, mark: ReviewMark): Promise<ReviewMark>;
  /** Closes an open review; refused when it is already signed off. */
  signOff(reviewId: number, by: string, comment: string, at: Date): Promise<Review>;
}

const int = z.union([z.number(), z.bigint()]).transform((v) => toInt(v));

const reviewRowSchema = z.object({
  id: int,
  source_id: int,
  from_snapshot_id: int,
  to_snapshot_id: int,
  status: z.enum(['open', 'signed-off']),
  created_at: z.date(),
  created_by: z.string(),
  changes: z.string(),
  signed_off_by: z.string().nullable(),
  signed_off_at: z.date().nullable(),
  sign_off_comment: z.string().nullable(),
});

const markRowSchema = z.object({
  change_key: z.string(),
  verdict: z.enum(REVIEW_VERDICTS),
  note: z.string(),
  marked_by: z.string(),
  marked_at: z.date(),
});

const SELECT_REVIEW = sql`SELECT "id", "source_id", "from_snapshot_id", "to_snapshot_id", "status", "created_at", "created_by", "changes", "signed_off_by", "signed_off_at", "sign_off_comment" FROM "review"`;

function toReview(row: unknown): Review {
  const r = reviewRowSchema.parse(row);
  return {
    id: r.id,
    sourceId: r.source_id,
    fromSnapshotId: r.from_snapshot_id,
    toSnapshotId: r.to_snapshot_id,
    status: r.status,
    createdAt: r.created_at,
    createdBy: r.created_by,
    changes: parseJsonObject(r.changes, `review ${r.id} changes`),
    signedOffBy: r.signed_off_by,
    signedOffAt: r.signed_off_at,
    signOffComment: r.sign_off_comment,
  };
}

function toMark(row: unknown): ReviewMark {
  const r = markRowSchema.parse(row);
  return { changeKey: r.change_key, verdict: r.verdict, note: r.note, markedBy: r.marked_by, markedAt: r.marked_at };
}

async function getReview(db: SqlClient, id: number): Promise<Review | null> {
  const rows = await db.$queryRaw<unknown[]>(sql`${SELECT_REVIEW} WHERE "id" = ${id}`);
  return rows[0] === undefined ? null : toReview(rows[0]);
}

async function requireOpen(db: SqlClient, id: number): Promise<Review> {
  const review = await getReview(db, id);
  if (!review) throw new StoreError(`no review with id ${id}`);
  if (review.status !== 'open') throw new StoreError(`review ${id} is signed off; it can no longer change`);
  return review;
}

export function reviewStore(access: StoreAccess): ReviewStore {
  return {
    create: (r) =>
      access.write(async (tx) => {
        const inserted = await tx.$queryRaw<{ id: unknown }[]>(
          sql`INSERT INTO "review" ("source_id", "from_snapshot_id", "to_snapshot_id", "status", "created_at", "created_by", "changes")
              VALUES (${r.sourceId}, ${r.fromSnapshotId}, ${r.toSnapshotId}, 'open', ${r.at}, ${r.createdBy}, ${JSON.stringify(r.changes)}) RETURNING "id"`,
        );
        const id = inserted[0] ? toInt(inserted[0].id) : undefined;
        const review = id === undefined ? null : await getReview(tx, id);
        if (!review) throw new StoreError('inserting the review returned no row');
        return review;
      }),
    get: (id) => access.read((db) => getReview(db, id)),
    list: (opts = {}) =>
      access.read(async (db) => {
        const where = opts.sourceId === undefined ? empty : sql`WHERE "source_id" = ${opts.sourceId}`;
        return (await db.$queryRaw<unknown[]>(sql`${SELECT_REVIEW} ${where} ORDER BY "id" DESC`)).map(toReview);
      }),
    lastSignedOff: (sourceId) =>
      access.read(async (db) => {
        const rows = await db.$queryRaw<unknown[]>(
          sql`${SELECT_REVIEW} WHERE "source_id" = ${sourceId} AND "status" = 'signed-off' ORDER BY "to_snapshot_id" DESC, "id" DESC LIMIT 1`,
        );
        return rows[0] === undefined ? null : toReview(rows[0]);
      }),
    marks: (reviewId) =>
      access.read(async (db) =>
        (
          await db.$queryRaw<unknown[]>(
            sql`SELECT "change_key", "verdict", "note", "marked_by", "marked_at" FROM "review_mark" WHERE "review_id" = ${reviewId} ORDER BY "id"`,
          )
        ).map(toMark),
      ),
    mark: (reviewId, m) =>
      access.write(async (tx) => {
        await requireOpen(tx, reviewId);
        await tx.$executeRaw(
          sql`INSERT INTO "review_mark" ("review_id", "change_key", "verdict", "note", "marked_by", "marked_at")
              VALUES (${reviewId}, ${m.changeKey}, ${m.verdict}, ${m.note}, ${m.markedBy}, ${m.markedAt})
              ON CONFLICT ("review_id", "change_key") DO UPDATE SET "verdict" = ${m.verdict}, "note" = ${m.note}, "marked_by" = ${m.markedBy}, "marked_at" = ${m.markedAt}`,
        );
        return m;
      }),
    signOff: (reviewId, by, comment, at) =>
      access.write(async (tx) => {
        await requireOpen(tx, reviewId);
        await tx.$executeRaw(
          sql`UPDATE "review" SET "status" = 'signed-off', "signed_off_by" = ${by}, "signed_off_at" = ${at}, "sign_off_comment" = ${comment} WHERE "id" = ${reviewId} AND "status" = 'open'`,
        );
        const review = await getReview(tx, reviewId);
        if (!review) throw new StoreError(`no review with id ${reviewId}`);
        return review;
      }),
  };
}
