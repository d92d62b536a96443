// The refusals of the request guard and the route wrapper, in one envelope:
// {"error": {"code", "param", "message"}}. One table maps each code to its HTTP status, so no
// status is ever chosen by matching a message.

import { QUESTION_ERROR_STATUS, type QuestionError } from '../questions/errors';

export const HTTP_ERROR_STATUS = {
  // The question layer's codes (invalid, not-found, wrong-kind, unavailable, ...), then the edge's own.
  ...QUESTION_ERROR_STATUS,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
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

export function refusalResponse(r: HttpRefusal, headers?: HeadersInit): Response {
  return Response.json({ error: { code: r.code, param: r.param, message: r.message } }, { status: HTTP_ERROR_STATUS[r.code], headers });
}

export function questionErrorResponse(error: QuestionError): Response {
  return refusalResponse(refusal(error.code, error.param, error.message));
}
