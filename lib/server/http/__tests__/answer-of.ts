// What the route wrapper sends for a call of an API function, without Next: its {status, body}, or
// the refusal it throws as the status of its code and the one error envelope. Any other throw is
// left to fail the test.
import { errorEnvelope, HTTP_ERROR_STATUS, refusalOf, type HttpRefusal } from '../http-error';

export interface Sent {
  status: number;
  body: Record<string, unknown> & { error?: HttpRefusal };
}

export async function answerOf(call: Promise<{ status: number; body: Record<string, unknown> }>): Promise<Sent> {
  try {
    return await call;
  } catch (error) {
    const refused = refusalOf(error);
    if (refused === null) throw error;
    return { status: HTTP_ERROR_STATUS[refused.code], body: errorEnvelope(refused) };
  }
}
