// The closed set of ways a question can be refused, each naming the parameter it is about, and the
// one table that maps them to HTTP statuses and CLI exit codes. Nothing chooses a status by
// matching an error message: code that refuses a question throws a QuestionError with its code.

export const QUESTION_ERROR_STATUS = {
  /** The question is malformed: a bad, missing, repeated or unknown parameter. */
  invalid: 400,
  /** No session and no API token. */
  unauthenticated: 401,
  /** An identity without the role this needs, or a cookie change without its CSRF token. */
  forbidden: 403,
  /** The named source, snapshot, subject, role or principal does not exist. */
  'not-found': 404,
  /** The source exists but holds the other layer: an RBAC question to a cloud account, a RAM one to a cluster. */
  'wrong-kind': 409,
  /** The data cannot answer: no usable snapshot, a failed one, or one lacking a kind the question needs. */
  unavailable: 409,
  /** The request contradicts the stored state (a review already signed, a name already taken). */
  conflict: 409,
} as const;

export type QuestionErrorCode = keyof typeof QUESTION_ERROR_STATUS;

/** Every refused question exits 2 in the CLI, as a usage error does: it is never a "no". */
export const QUESTION_ERROR_EXIT_CODE = 2;

export class QuestionError extends Error {
  constructor(
    readonly code: QuestionErrorCode,
    /** The query, route or body parameter (CLI: the flag without dashes) it is about; null when none. */
    readonly param: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'QuestionError';
  }
}

export function isQuestionError(error: unknown): error is QuestionError {
  return error instanceof QuestionError;
}
