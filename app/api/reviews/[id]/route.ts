// GET /api/reviews/<id> -> {review, sourceName, changes, marks, total}; an unknown review -> 404
// {"error": {code: not-found, param: id, message}}.
import { withRoute } from '../../../../lib/server/http/with-route';
import { QuestionError } from '../../../../lib/server/questions/errors';
import { getReviewView } from '../../../../lib/server/reviews';
import { badRequest, respond, reviewIdSchema } from '../respond';

export const GET = withRoute<{ id: string }>(
  async ({ params, store }) => {
    const id = reviewIdSchema.safeParse(params.id);
    if (!id.success) return badRequest(id.error);
    const view = await getReviewView(store, id.data);
    if (!view) throw new QuestionError('not-found', 'id', `no review with id ${id.data}`);
    return respond(() => Promise.resolve(view));
  },
  { require: 'viewer' },
);
