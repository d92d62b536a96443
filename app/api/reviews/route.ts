// GET /api/reviews -> {reviews: [{review, sourceName, total, marked}]}, newest first.
// POST /api/reviews {source, from?, to?, createdBy} -> the new review (changes frozen at creation).
import { z } from 'zod';
import { listReviews, startReview } from '../../../lib/server/reviews';
import { getStore } from '../../../lib/server/store-instance';
import { badRequest, jsonBody, respond } from './respond';

const startSchema = z.object({
  source: z.string().min(1),
  from: z.string().min(1).optional(),
  to: z.string().min(1).optional(),
  createdBy: z.string().trim().min(1, 'your name is required'),
});

export async function GET(): Promise<Response> {
  return respond(async () => ({ reviews: await listReviews(await getStore()) }));
}

export async function POST(request: Request): Promise<Response> {
  const parsed = startSchema.safeParse(await jsonBody(request));
  if (!parsed.success) return badRequest(parsed.error);
  const { source, from, to, createdBy } = parsed.data;
  return respond(async () => {
    const review = await startReview(await getStore(), { sourceName: source, from, to, createdBy });
    return { id: review.id, status: review.status, fromSnapshotId: review.fromSnapshotId, toSnapshotId: review.toSnapshotId };
  });
}
