// The one parser for a question's URL parameters, from a route's query string or a page's
// searchParams: every parameter given at most once (unless the question allows it to repeat),
// unknown keys named, and the first problem reported as an `invalid` QuestionError naming its
// parameter. A schema's issue never becomes a status by matching its message.
import type { z } from 'zod';
import { QuestionError } from './errors';

/** A route's query string, or a page's searchParams as Next hands them over. */
export type RawParams = URLSearchParams | Record<string, string | string[] | undefined>;

export const SNAPSHOT_ID_PATTERN = /^[1-9][0-9]{0,15}$/;
export const SNAPSHOT_ID_MESSAGE = 'snapshot must be a snapshot id (a positive whole number)';

function entriesOf(raw: RawParams): [string, string][] {
  const entries: [string, string][] = [];
  if (raw instanceof URLSearchParams) {
    raw.forEach((value, key) => entries.push([key, value]));
    return entries;
  }
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) entries.push([key, v]);
  }
  return entries;
}

export interface ParamValues {
  /** One value per key. */
  single: Record<string, string>;
  /** Every value of each repeatable key, in order. */
  repeated: Record<string, string[]>;
}

/** Splits the params into single values and the repeatable ones; a repeated single param is refused by name. */
export function paramValues(raw: RawParams, repeatable: readonly string[] = []): ParamValues {
  const out: ParamValues = { single: {}, repeated: {} };
  for (const [key, value] of entriesOf(raw)) {
    if (repeatable.includes(key)) (out.repeated[key] ??= []).push(value);
    else if (key in out.single) throw new QuestionError('invalid', key, `${key} is given more than once`);
    else out.single[key] = value;
  }
  return out;
}

/** The first issue of a failed parse as an `invalid` error naming its parameter. */
export function invalidParam(error: z.ZodError): QuestionError {
  const issue = error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    return new QuestionError('invalid', issue.keys[0] ?? null, `unknown parameter ${issue.keys.join(', ')}`);
  }
  const key = issue?.path[0];
  return new QuestionError('invalid', key === undefined ? null : String(key), issue?.message ?? 'invalid query');
}

/** Validates the single-valued params with a (strict) schema; throws `invalid` naming the first bad one. */
export function parseParams<S extends z.ZodType>(
  raw: RawParams,
  schema: S,
  repeatable: readonly string[] = [],
): { params: z.infer<S>; repeated: Record<string, string[]> } {
  const values = paramValues(raw, repeatable);
  const parsed = schema.safeParse(values.single);
  if (!parsed.success) throw invalidParam(parsed.error);
  return { params: parsed.data, repeated: values.repeated };
}

/** One value of a page's search param ('' means not given: a submitted form sends every field). */
export function singleParam(raw: RawParams, key: string): string | undefined {
  const values = entriesOf(raw).filter(([k]) => k === key);
  if (values.length > 1) throw new QuestionError('invalid', key, `${key} is given more than once`);
  const value = values[0]?.[1];
  return value === undefined || value === '' ? undefined : value;
}

/** A snapshot id param: undefined when absent, else a positive whole number, or `invalid`. */
export function snapshotIdParam(value: string | undefined, param = 'snapshot'): number | undefined {
  if (value === undefined) return undefined;
  if (!SNAPSHOT_ID_PATTERN.test(value.trim())) throw new QuestionError('invalid', param, SNAPSHOT_ID_MESSAGE);
  return Number(value.trim());
}
