// The refusals of the request guard, the route wrapper and the handlers, in one envelope:
// {"error": {"code", "param", "message"}}. One table maps each code to its HTTP status, so no
// status is ever chosen by matching a message.

import { isQuestionError, QUESTION_ERROR_STATUS, type QuestionError } from '../questions/errors';

export const HTTP_ERROR_STATUS = {
  // The question layer's codes (invalid, not-found, wrong-kind, unavailable, ...), then the edge's own.
  ...QUESTION_ERROR_STATUS,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  // RFC 9110 §15.5.21: the request is well formed, but what it carries cannot be used: an uploaded
  // file the collector cannot read, a cluster that refuses the connection being tested.
  unprocessable: 422,
  // RFC 9110 §15.5.20: the request was directed at a server that will not answer for that Host.
  misdirected: 421,
  internal: 500,
} as const;

export type HttpErrorCode = keyof typeof HTTP_ERROR_STATUS;

export interface HttpRefusal {
  code: HttpErrorCode;
  /** The header, query or route parameter, or body field the refusal is about; null when none. */
  param: string | null;
  message: string;
}

export function refusal(code: HttpErrorCode, param: string | null, message: string): HttpRefusal {
  return { code, param, message };
}

/** The one error body every API route answers with. */
export function errorEnvelope(r: HttpRefusal): { error: HttpRefusal } {
  return { error: { code: r.code, param: r.param, message: r.message } };
}

export function refusalResponse(r: HttpRefusal, headers?: HeadersInit): Response {
  return Response.json(errorEnvelope(r), { status: HTTP_ERROR_STATUS[r.code], headers });
}

/**
 * A refusal with one of the edge's own codes (`unprocessable`, `internal`), thrown by a handler's
 * helpers as a QuestionError is thrown: the route wrapper answers both the same way.
 */
export class HttpError extends Error {
  constructor(
    readonly code: HttpErrorCode,
    /** The body field, header or query parameter it is about (or the server variable at fault); null when none. */
    readonly param: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The refusal a thrown QuestionError or HttpError stands for; null for any other throw, which is a failure. */
export function refusalOf(error: unknown): HttpRefusal | null {
  return isQuestionError(error) || error instanceof HttpError ? refusal(error.code, error.param, error.message) : null;
}

export function questionErrorResponse(error: QuestionError): Response {
  return refusalResponse(refusal(error.code, error.param, error.message));
}
