import 'server-only';
// GET/POST /api/sources/<name>/suppressions and DELETE /api/sources/<name>/suppressions/<id>, without
// Next: parse, call the store, answer {status, body}; a refusal is thrown as a QuestionError naming its
// field (the route wrapper sends the envelope). The server's clock is read here, never in lib/core:
// it bounds a new suppression's expiry (in the future, at most a year ahead) and says which listed ones
// have expired. Expired and (on request) revoked suppressions are listed with their status and
// history, never dropped.
import { z } from 'zod';
import type { Store } from '../../store';
import type { StoredSuppression, SuppressionEvent } from '../../store/suppressions';
import { QuestionError } from '../questions/errors';
import { invalidParam, parseParams } from '../questions/params';
import type { ApiAnswer } from '../scheduler/schedule-api';
import { sourceNamed } from '../sources/source-named';

/** The catalog's ids: a layer prefix and dot-separated parts, e.g. `k8s.secrets-read`. */
export const RULE_ID_PATTERN = /^[a-z0-9]+(\.[a-z0-9-]+)+$/;
/** `kind/namespace/name`: a kind, a namespace (empty when none), a name (which may hold `/`, as a User's or an ARN's does). */
const PARTY_PATTERN_SHAPE = /^[^/]+\/[^/]*\/.+$/;
/** `cluster`, a namespace (a DNS label, as `account` is too), `resource-group:<id>`, or `*` for any. */
const SCOPE_PATTERN = /^(\*|[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?|resource-group:[A-Za-z0-9._-]{1,128})$/;

export const SUPPRESSION_LIMITS = { rule: 100, pattern: 512, scope: 150, justification: 2000, name: 200, reason: 2000 } as const;

export type SuppressionStatus = 'active' | 'expired' | 'revoked';

export interface SuppressionEventView {
  action: SuppressionEvent['action'];
  actor: string;
  reason: string;
  at: string;
}

export interface SuppressionView extends StoredSuppression {
  /** Decided from the server's clock at the time of the answer (`now` beside it). */
  status: SuppressionStatus;
  /** The actor of its `created` event. */
  createdBy: string | null;
  history: SuppressionEventView[];
}

function hasControl(text: string): boolean {
  return /\p{Cc}/u.test(text);
}

/** Free text (a justification, a reason) may break lines; nothing else invisible. */
function hasControlBesidesLines(text: string): boolean {
  return hasControl(text.replace(/[\n\t]/g, ''));
}

const nameSchema = (field: string) =>
  z
    .string(`${field} must be a string`)
    .trim()
    .min(1, `${field} is required`)
    .max(SUPPRESSION_LIMITS.name, `${field} is at most ${SUPPRESSION_LIMITS.name} characters`)
    .refine((v) => !hasControl(v), `${field} must not contain control characters`);

const textSchema = (field: string, max: number) =>
  z
    .string(`${field} must be a string`)
    .trim()
    .min(1, `${field} is required`)
    .max(max, `${field} is at most ${max} characters`)
    .refine((v) => !hasControlBesidesLines(v), `${field} must not contain control characters other than line breaks and tabs`);

const patternSchema = (field: string) =>
  z
    .string(`${field} must be a string or null`)
    .max(SUPPRESSION_LIMITS.pattern, `${field} is at most ${SUPPRESSION_LIMITS.pattern} characters`)
    .refine((v) => !hasControl(v), `${field} must not contain control characters`)
    .refine(
      (v) => PARTY_PATTERN_SHAPE.test(v),
      `${field} must be kind/namespace/name with * for any run of characters (namespace empty when none), e.g. ServiceAccount/kube-system/*; leave it out to match anything`,
    )
    .nullish()
    .transform((v) => v ?? null);

export const suppressionCreateSchema = z.strictObject({
  rule: z
    .string('rule must be a string')
    .max(SUPPRESSION_LIMITS.rule, `rule is at most ${SUPPRESSION_LIMITS.rule} characters`)
    .regex(RULE_ID_PATTERN, 'rule must be a rule id such as k8s.secrets-read'),
  subjectPattern: patternSchema('subjectPattern'),
  objectPattern: patternSchema('objectPattern'),
  scope: z
    .string('scope must be a string or null')
    .max(SUPPRESSION_LIMITS.scope, `scope is at most ${SUPPRESSION_LIMITS.scope} characters`)
    .regex(SCOPE_PATTERN, 'scope must be cluster, a namespace, account, resource-group:<id> or *; leave it out for any')
    .nullish()
    .transform((v) => v ?? null),
  justification: textSchema('justification', SUPPRESSION_LIMITS.justification),
  owner: nameSchema('owner'),
  expiresAt: z.iso.datetime({ offset: true, error: 'expiresAt must be an ISO 8601 date-time with a zone, e.g. 2026-09-30T00:00:00Z' }),
});

export const suppressionRevokeSchema = z.strictObject({
  reason: textSchema('reason', SUPPRESSION_LIMITS.reason),
});

const listQuerySchema = z.strictObject({
  includeRevoked: z.enum(['true', 'false'], 'includeRevoked must be true or false').optional(),
});

const ID_PATTERN = /^[1-9][0-9]{0,15}$/;

/** A suppression lasts at most a year: one calendar year after `now`, in UTC. */
export function latestExpiry(now: Date): Date {
  const latest = new Date(now);
  latest.setUTCFullYear(latest.getUTCFullYear() + 1);
  return latest;
}

/** In force until expiresAt, exclusive (lib/core/findings/types.ts Suppression.expiresAt); a revocation ends it at once. */
export function suppressionStatus(s: StoredSuppression, now: Date): SuppressionStatus {
  if (s.revokedAt !== null) return 'revoked';
  return now.getTime() < Date.parse(s.expiresAt) ? 'active' : 'expired';
}

function view(s: StoredSuppression, events: readonly SuppressionEvent[], now: Date): SuppressionView {
  const own = events.filter((e) => e.suppressionId === s.id);
  return {
    ...s,
    status: suppressionStatus(s, now),
    createdBy: own.find((e) => e.action === 'created')?.actor ?? null,
    history: own.map((e) => ({ action: e.action, actor: e.actor, reason: e.reason, at: e.at })),
  };
}

function parseBody<S extends z.ZodType>(schema: S, input: unknown, shape: string): z.infer<S> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new QuestionError('invalid', 'body', `the body must be a JSON object ${shape}`);
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidParam(parsed.error);
  return parsed.data;
}

function parseId(idText: string): number {
  if (!ID_PATTERN.test(idText)) throw new QuestionError('invalid', 'id', "id must be the number of one of the source's suppressions");
  return Number(idText);
}

export async function listSuppressionsAnswer(
  store: Store,
  sourceName: string,
  query: URLSearchParams,
  now = new Date(),
): Promise<ApiAnswer> {
  const { params } = parseParams(query, listQuerySchema);
  const source = await sourceNamed(store, sourceName);
  const [suppressions, events] = await Promise.all([
    store.suppressions.list(source.name, { includeRevoked: params.includeRevoked === 'true' }),
    store.suppressions.history(source.name),
  ]);
  return {
    status: 200,
    body: { ok: true, source: source.name, now: now.toISOString(), suppressions: suppressions.map((s) => view(s, events, now)) },
  };
}

/** `actor`: who records it, the signed-in caller (never a name from the body). */
export async function createSuppressionAnswer(
  store: Store,
  sourceName: string,
  input: unknown,
  actor: string,
  now = new Date(),
): Promise<ApiAnswer> {
  const source = await sourceNamed(store, sourceName);
  const body = parseBody(
    suppressionCreateSchema,
    input,
    '{rule, subjectPattern?, objectPattern?, scope?, justification, owner, expiresAt}',
  );
  const expiresAt = new Date(body.expiresAt);
  if (expiresAt.getTime() <= now.getTime()) {
    throw new QuestionError('invalid', 'expiresAt', `expiresAt must be in the future (the server's clock reads ${now.toISOString()})`);
  }
  const latest = latestExpiry(now);
  if (expiresAt.getTime() > latest.getTime()) {
    throw new QuestionError('invalid', 'expiresAt', `expiresAt must be at most a year ahead (${latest.toISOString()} at the latest)`);
  }
  const created = await store.suppressions.create(source.name, {
    rule: body.rule,
    subjectPattern: body.subjectPattern,
    objectPattern: body.objectPattern,
    scope: body.scope,
    justification: body.justification,
    owner: body.owner,
    expiresAt,
    createdBy: actor,
    at: now,
  });
  const events = await store.suppressions.history(source.name, created.id);
  return { status: 201, body: { ok: true, suppression: view(created, events, now) } };
}

export async function revokeSuppressionAnswer(
  store: Store,
  sourceName: string,
  idText: string,
  input: unknown,
  /** Who revokes it: the signed-in caller, never a name from the body. */
  actor: string,
  now = new Date(),
): Promise<ApiAnswer> {
  const id = parseId(idText);
  const source = await sourceNamed(store, sourceName);
  const body = parseBody(suppressionRevokeSchema, input, '{reason}');
  const current = await store.suppressions.get(source.name, id);
  if (!current) throw new QuestionError('not-found', 'id', `source "${source.name}" has no suppression ${id}`);
  if (current.revokedAt !== null)
    throw new QuestionError('conflict', 'id', `suppression ${id} was already revoked at ${current.revokedAt}`);
  let revoked: StoredSuppression;
  try {
    revoked = await store.suppressions.revoke(source.name, id, { by: actor, reason: body.reason, at: now });
  } catch (error) {
    // Revoked by someone else between the read above and this write: the same conflict.
    const after = await store.suppressions.get(source.name, id);
    if (after?.revokedAt) throw new QuestionError('conflict', 'id', `suppression ${id} was already revoked at ${after.revokedAt}`);
    throw error;
  }
  const events = await store.suppressions.history(source.name, id);
  return { status: 200, body: { ok: true, suppression: view(revoked, events, now) } };
}
