// POST /api/reviews/<id>/sign-off {by, comment} -> the signed-off review. A review is signed off once.
import { z } from 'zod';
import { withRoute } from '../../../../../lib/server/http/with-route';
import { signOffReview } from '../../../../../lib/server/reviews';
import { badRequest, respond, reviewIdSchema } from '../../respond';

const signOffSchema = z.object({ comment: z.string().max(4000).default('') });

export const POST = withRoute<{ id: string }>(
  async ({ params, body, store, caller }) => {
    const id = reviewIdSchema.safeParse(params.id);
    if (!id.success) return badRequest(id.error);
    const signOff = signOffSchema.safeParse(body);
    if (!signOff.success) return badRequest(signOff.error);
    return respond(async () => {
      const { changes: _changes, ...review } = await signOffReview(store, id.data, caller.name, signOff.data.comment);
      return { review };
    });
  },
  { require: 'reviewer', body: 'json' },
);
