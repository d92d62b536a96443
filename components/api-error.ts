// The API's one error envelope, {"error": {"code", "param", "message"}} (lib/server/http/http-error.ts),
// read on the client. Anything else in an error response is the server's failure, not the question's.

export interface ApiError {
  code: string;
  param: string | null;
  message: string;
}

export function readApiError(body: unknown): ApiError | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null;
  const error = body.error;
  if (typeof error !== 'object' || error === null) return null;
  const { code, param, message } = error as Record<string, unknown>;
  if (typeof code !== 'string' || typeof message !== 'string') return null;
  return { code, param: typeof param === 'string' ? param : null, message };
}
