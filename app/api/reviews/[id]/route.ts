// GET /api/reviews/<id> -> {review, sourceName, changes, marks, total}.
import type { NextRequest } from 'next/server';
import { getReviewView } from '../../../../lib/server/reviews';
import { getStore } from '../../../../lib/server/store-instance';
import { badRequest, respond, reviewIdSchema } from '../respond';

export async function GET(_request: NextRequest, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const id = reviewIdSchema.safeParse((await context.params).id);
  if (!id.success) return badRequest(id.error);
  const view = await getReviewView(await getStore(), id.data);
  if (!view) return Response.json({ error: `no review with id ${id.data}` }, { status: 404 });
  return respond(() => Promise.resolve(view));
}
