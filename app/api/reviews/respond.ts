// The review routes' answers: a refused request is a QuestionError (ReviewError, an unknown source or
// snapshot), which the route wrapper sends in the one error envelope with the status of its code.
import { z } from 'zod';
import { invalidParam } from '../../../lib/server/questions/params';

/** The body's first problem as an `invalid` refusal naming its field. */
export function badRequest(error: z.ZodError): never {
  throw invalidParam(error);
}

export async function respond(run: () => Promise<unknown>): Promise<Response> {
  return Response.json(await run());
}
export const reviewIdSchema = z.coerce.number().int().positive();

/** Names of people (who started, marked or signed off a review): a name, not a document. */
