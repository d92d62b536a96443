// POST /api/reviews/<id>/sign-off {by, comment} -> the signed-off review. A review is signed off once.
import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { signOffReview } from '../../../../../lib/server/reviews';
import { getStore } from '../../../../../lib/server/store-instance';
import { badRequest, jsonBody, respond, reviewIdSchema } from '../../respond';

const signOffSchema = z.object({ by: z.string().trim().min(1, 'your name is required'), comment: z.string().max(4000).default('') });

export async function POST(request: NextRequest, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const id = reviewIdSchema.safeParse((await context.params).id);
  if (!id.success) return badRequest(id.error);
  const body = signOffSchema.safeParse(await jsonBody(request));
  if (!body.success) return badRequest(body.error);
  return respond(async () => {
    const { changes: _changes, ...review } = await signOffReview(await getStore(), id.data, body.data.by, body.data.comment);
    return { review };
  });
}
