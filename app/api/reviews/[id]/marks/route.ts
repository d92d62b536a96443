// PUT /api/reviews/<id>/marks {changeKey, verdict, note, markedBy} -> the mark. Open reviews only (409 once signed off).
import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { markChange } from '../../../../../lib/server/reviews';
import { getStore } from '../../../../../lib/server/store-instance';
import { REVIEW_VERDICTS } from '../../../../../lib/store/reviews';
import { badRequest, jsonBody, respond, reviewIdSchema } from '../../respond';

const markSchema = z.object({
  changeKey: z.string().min(1),
  verdict: z.enum(REVIEW_VERDICTS),
  note: z.string().max(4000).default(''),
  markedBy: z.string().trim().min(1, 'your name is required'),
});

export async function PUT(request: NextRequest, context: { params: Promise<{ id: string }> }): Promise<Response> {
  const id = reviewIdSchema.safeParse((await context.params).id);
  if (!id.success) return badRequest(id.error);
  const body = markSchema.safeParse(await jsonBody(request));
  if (!body.success) return badRequest(body.error);
  return respond(async () => ({ mark: await markChange(await getStore(), id.data, body.data) }));
}
