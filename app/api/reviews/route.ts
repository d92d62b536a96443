// GET /api/reviews -> {reviews: [{review, sourceName, total, marked}]}, newest first.
// POST /api/reviews {source, from?, to?, createdBy} -> the new review (changes frozen at creation).
import { z } from 'zod';
import { withRoute } from '../../../lib/server/http/with-route';
import { listReviews, startReview } from '../../../lib/server/reviews';
import { badRequest, respond } from './respond';

const startSchema = z.object({
  source: z.string().min(1).max(200),
  from: z.string().min(1).max(100).optional(),
  to: z.string().min(1).max(100).optional(),
});

export const GET = withRoute(({ store }) => respond(async () => ({ reviews: await listReviews(store) })), { require: 'viewer' });

export const POST = withRoute(
  async ({ body, store, caller }) => {
    const parsed = startSchema.safeParse(body);
    if (!parsed.success) return badRequest(parsed.error);
    const { source, from, to } = parsed.data;
    return respond(async () => {
      const review = await startReview(store, { sourceName: source, from, to, createdBy: caller.name });
      return { id: review.id, status: review.status, fromSnapshotId: review.fromSnapshotId, toSnapshotId: review.toSnapshotId };
    });
  },
  { require: 'reviewer', body: 'json' },
);
