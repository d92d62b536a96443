import type { ApiError } from '../api-error';

/** The props that tie a field to the server's refusal naming it (`param`), and the message shown beside it. */
export function fieldErrorProps(error: ApiError | null, param: string, messageId: string) {
  const isInvalid = error?.param === param;
  return { 'aria-invalid': isInvalid ? true : undefined, 'aria-describedby': isInvalid ? messageId : undefined } as const;
}

export function FieldError({ error, param, id }: { error: ApiError | null; param: string; id: string }) {
  if (error?.param !== param) return null;
  return (
    <span className="field-message" id={id}>
      {error.message}
    </span>
  );
}
