// GET /api/reviews/<id> -> {review, sourceName, changes, marks, total}.
import { withRoute } from '../../../../lib/server/http/with-route';
import { getReviewView } from '../../../../lib/server/reviews';
import { getStore } from '../../../../lib/server/store-instance';
import { badRequest, respond, reviewIdSchema } from '../respond';

export const GET = withRoute<{ id: string }>(async ({ params }) => {
  const id = reviewIdSchema.safeParse(params.id);
  if (!id.success) return badRequest(id.error);
  const view = await getReviewView(await getStore(), id.data);
  if (!view) return Response.json({ error: `no review with id ${id.data}` }, { status: 404 });
  return respond(() => Promise.resolve(view));
});
