// PUT /api/reviews/<id>/marks {changeKey, verdict, note, markedBy} -> the mark. Open reviews only (409 once signed off).
import { z } from 'zod';
import { withRoute } from '../../../../../lib/server/http/with-route';
import { markChange } from '../../../../../lib/server/reviews';
import { REVIEW_VERDICTS } from '../../../../../lib/store/reviews';
import { badRequest, respond, reviewIdSchema } from '../../respond';

const markSchema = z.object({
  // Change keys are 24 hex digits (lib/core/diff/review-items.ts); 200 leaves room, never a document.
  changeKey: z.string().min(1).max(200),
  verdict: z.enum(REVIEW_VERDICTS),
  note: z.string().max(4000).default(''),
});

export const PUT = withRoute<{ id: string }>(
  async ({ params, body, store, caller }) => {
    const id = reviewIdSchema.safeParse(params.id);
    if (!id.success) return badRequest(id.error);
    const mark = markSchema.safeParse(body);
    if (!mark.success) return badRequest(mark.error);
    return respond(async () => ({ mark: await markChange(store, id.data, { ...mark.data, markedBy: caller.name }) }));
  },
  { require: 'reviewer', body: 'json' },
);
