// GET /api/reviews -> {reviews: [{review, sourceName, total, marked}]}, newest first.
// POST /api/reviews {source, from?, to?, createdBy} -> the new review (changes frozen at creation).
import { z } from 'zod';
import { withRoute } from '../../../lib/server/http/with-route';
import { listReviews, startReview } from '../../../lib/server/reviews';
import { getStore } from '../../../lib/server/store-instance';
import { badRequest, personNameSchema, respond } from './respond';

const startSchema = z.object({
  source: z.string().min(1).max(200),
  from: z.string().min(1).max(100).optional(),
  to: z.string().min(1).max(100).optional(),
  createdBy: personNameSchema,
});

export const GET = withRoute(() => respond(async () => ({ reviews: await listReviews(await getStore()) })));

export const POST = withRoute(
  async ({ body }) => {
    const parsed = startSchema.safeParse(body);
    if (!parsed.success) return badRequest(parsed.error);
    const { source, from, to, createdBy } = parsed.data;
    return respond(async () => {
      const review = await startReview(await getStore(), { sourceName: source, from, to, createdBy });
      return { id: review.id, status: review.status, fromSnapshotId: review.fromSnapshotId, toSnapshotId: review.toSnapshotId };
    });
  },
  { body: 'json' },
);
