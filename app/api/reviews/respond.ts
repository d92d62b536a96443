// Errors of the review workflow as JSON responses: refused requests are 400/404/409, never 500.
import { z } from 'zod';
import { ReviewError } from '../../../lib/server/reviews';
import { SnapshotUnavailableError } from '../../../lib/server/snapshot-index';

export function badRequest(error: z.ZodError): Response {
  const issue = error.issues[0];
  const param = issue?.path.map(String).join('.') ?? '';
  return Response.json({ error: `${param || 'body'}: ${issue?.message ?? 'invalid'}`, param }, { status: 400 });
}

export async function respond(run: () => Promise<unknown>): Promise<Response> {
  try {
    return Response.json(await run());
  } catch (error) {
    if (error instanceof SnapshotUnavailableError) return Response.json({ error: error.message }, { status: 404 });
    if (error instanceof ReviewError) {
      const status = /^no review|has no change/.test(error.message) ? 404 : /signed off/.test(error.message) ? 409 : 400;
      return Response.json({ error: error.message }, { status });
    }
    throw error;
  }
}

export const reviewIdSchema = z.coerce.number().int().positive();

/** Names of people (who started, marked or signed off a review): a name, not a document. */
export const personNameSchema = z.string().trim().min(1, 'your name is required').max(200, 'a name is at most 200 characters');
