import 'server-only';
// The who-can question as it arrives from a URL (the page's search params, the API's query
// string): validated with zod into an AuthzRequest, then asked of one stored snapshot.
// Errors name the parameter so a form can point at the field and an API client at the param.
import { z } from 'zod';
import { whoCan } from '../../core/rbac/who-can';
import type { AuthzRequest, WhoCanAnswer } from '../../core/rbac/types';
import type { Source } from '../../core/snapshot/types';
import type { Store } from '../../store';
import { loadSnapshotIndex, type LoadedSnapshot } from '../snapshot-index';
import { QUESTION_ERROR_STATUS, QuestionError, type QuestionErrorCode } from './errors';
import { paramValues, parseParams, SNAPSHOT_ID_MESSAGE, SNAPSHOT_ID_PATTERN, type RawParams } from './params';
import { resolveQuestion, type DefaultSource } from './resolve';

export const WHO_CAN_PARAMS = [
  'verb',
  'resource',
  'apiGroup',
  'subresource',
  'name',
  'namespace',
  'allNamespaces',
  'nonResourceURL',
  'source',
  'snapshot',
] as const;
export type WhoCanParam = (typeof WHO_CAN_PARAMS)[number];

/** The params that make up the question itself (source and snapshot only choose the data). */
const QUESTION_PARAMS: readonly WhoCanParam[] = WHO_CAN_PARAMS.filter((p) => p !== 'source' && p !== 'snapshot');

export interface WhoCanQuery {
  request: AuthzRequest;
  /** Ask about every namespace at once instead of one namespace or the cluster scope. */
  allNamespaces: boolean;
  source?: string;
  snapshotId?: number;
}

export interface ParamError {
  field: WhoCanParam | 'query';
  error: string;
}

export type ParseResult = { ok: true; query: WhoCanQuery } | ({ ok: false } & ParamError);

export type { RawParams };

const oneWord = (what: string) => z.string().trim().regex(/^\S*$/, `${what} must not contain spaces`).optional();

// Namespaces are DNS-1123 labels (k8s.io/apimachinery validation.IsDNS1123Label).
const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const paramsSchema = z.strictObject({
  verb: z.string({ error: 'verb is required' }).trim().min(1, 'verb is required').regex(/^\S+$/, 'verb must be one word, e.g. get or list'),
  resource: oneWord('resource'),
  // The core group is '' in RBAC rules and requests; no API group is named `core` or has a `/`.
  apiGroup: oneWord('apiGroup')
    .refine((g) => g !== 'core' && g !== 'v1', 'apiGroup of the core API (pods, secrets, ...) is empty: leave it blank')
    .refine((g) => !g?.includes('/'), 'apiGroup is a group without its version, e.g. apps, not apps/v1'),
  subresource: oneWord('subresource'),
  name: oneWord('name'),
  namespace: z
    .string()
    .trim()
    .min(1, 'namespace is empty: give one, or ask about all namespaces or the cluster scope')
    .max(63, 'namespace is longer than 63 characters')
    .regex(dnsLabel, 'namespace must be a DNS label (lower-case letters, digits and -)')
    .optional(),
  allNamespaces: z.enum(['true', 'false', '1', '0'], { error: 'allNamespaces must be true or false' }).optional(),
  nonResourceURL: z
    .string()
    .trim()
    .regex(/^(\/\S*)?$/, 'nonResourceURL must be a path starting with /, e.g. /healthz')
    .optional(),
  source: z.string().trim().optional(),
  snapshot: z.string().trim().regex(SNAPSHOT_ID_PATTERN, SNAPSHOT_ID_MESSAGE).optional(),
});

type Params = z.infer<typeof paramsSchema>;

function fieldOf(key: PropertyKey | undefined): ParamError['field'] {
  return (WHO_CAN_PARAMS as readonly PropertyKey[]).includes(key ?? '') ? (key as WhoCanParam) : 'query';
}

function isTrue(flag: string | undefined): boolean {
  return flag === 'true' || flag === '1';
}

/** Blank optional fields mean "not given": a submitted form sends every field. */
function present(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function toRequest(p: Params): ParseResult {
  const nonResourceURL = present(p.nonResourceURL);
  const resourceFields = (['resource', 'apiGroup', 'subresource', 'name', 'namespace'] as const).filter(
    (key) => present(p[key]) !== undefined,
  );
  if (nonResourceURL !== undefined) {
    // A non-resource request carries only verb and path (authorizer.AttributesRecord, [REQ]).
    const clash = resourceFields[0] ?? (isTrue(p.allNamespaces) ? 'allNamespaces' : undefined);
    if (clash)
      return { ok: false, field: clash, error: `${clash} cannot be combined with nonResourceURL: ask about a resource or a URL, not both` };
    return { ok: true, query: { request: { kind: 'nonResource', verb: p.verb, path: nonResourceURL }, allNamespaces: false } };
  }
  const resource = present(p.resource);
  if (resource === undefined) return { ok: false, field: 'resource', error: 'resource is required (or give a nonResourceURL)' };
  // kubectl reads `pods/x` as TYPE/NAME and `deployments.apps` as TYPE.GROUP, RBAC rules write
  // `pods/log` for a subresource: rather than guess (and answer a different question), ask.
  if (resource.includes('/')) {
    return {
      ok: false,
      field: 'resource',
      error: 'resource must be a plain resource: give a subresource in subresource and an object in name',
    };
  }
  if (resource.includes('.')) {
    return {
      ok: false,
      field: 'resource',
      error: 'resource must be a plain resource: give its group in apiGroup (e.g. deployments and apps)',
    };
  }
  const subresource = present(p.subresource) ?? '';
  const namespace = present(p.namespace) ?? '';
  const allNamespaces = isTrue(p.allNamespaces);
  if (allNamespaces && namespace !== '') {
    return { ok: false, field: 'allNamespaces', error: 'allNamespaces cannot be combined with namespace: choose one scope' };
  }
  const request: AuthzRequest = {
    kind: 'resource',
    verb: p.verb,
    apiGroup: p.apiGroup ?? '',
    resource,
    subresource,
    namespace,
    name: present(p.name) ?? '',
  };
  return { ok: true, query: { request, allNamespaces } };
}

/** Validates who-can params; throws an `invalid` QuestionError naming the parameter it is about. */
export function parseWhoCanQuery(raw: RawParams): WhoCanQuery {
  const { params } = parseParams(raw, paramsSchema);
  const result = toRequest(params);
  if (!result.ok) throw new QuestionError('invalid', result.field, result.error);
  const source = present(params.source);
  const snapshot = present(params.snapshot);
  return {
    ...result.query,
    ...(source !== undefined && { source }),
    ...(snapshot !== undefined && { snapshotId: Number(snapshot) }),
  };
}

/** parseWhoCanQuery as a result, for a form that shows the error beside its field. */
export function parseWhoCanParams(raw: RawParams): ParseResult {
  try {
    return { ok: true, query: parseWhoCanQuery(raw) };
  } catch (error) {
    if (!(error instanceof QuestionError)) throw error;
    return { ok: false, field: fieldOf(error.param ?? undefined), error: error.message };
  }
}

/** Whether the params ask a question at all (a bare page visit shows only the form). */
export function hasWhoCanQuestion(raw: RawParams): boolean {
  const values = paramValues(raw, WHO_CAN_PARAMS);
  return QUESTION_PARAMS.some((key) => key in values.repeated);
}

/** A one-line English rendering of the question, e.g. `get secrets in namespace shop`. */
export function describeQuery(query: WhoCanQuery): string {
  const r = query.request;
  if (r.kind === 'nonResource') return `${r.verb} ${r.path}`;
  const group = r.apiGroup === '' ? '' : `.${r.apiGroup}`;
  const what = `${r.resource}${group}${r.subresource ? `/${r.subresource}` : ''}${r.name ? ` named ${r.name}` : ''}`;
  const where = query.allNamespaces ? 'in any namespace' : r.namespace ? `in namespace ${r.namespace}` : 'cluster-wide';
  return `${r.verb} ${what} ${where}`;
}

// ---- Asking the question of a stored snapshot ----

export interface WhoCanAsked {
  query: WhoCanQuery;
  /** The source that answered (a page says which, when it picked the first). */
  source: Source;
  loaded: LoadedSnapshot;
  answer: WhoCanAnswer;
}

/**
 * Answers the question from the chosen snapshot (default: the source's latest complete-or-partial
 * one) of a cluster source. A cloud account, or a snapshot lacking any RBAC kind, is refused with a
 * QuestionError, never answered as "nobody".
 */
export async function askWhoCan(store: Store, query: WhoCanQuery, defaultSource: DefaultSource = 'only'): Promise<WhoCanAsked> {
  const resolved = await resolveQuestion(store, { source: query.source, snapshotId: query.snapshotId, need: 'rbac', defaultSource });
  const loaded = await loadSnapshotIndex(store, resolved.snapshot);
  const answer = whoCan(loaded.index, query.request, { allNamespaces: query.allNamespaces });
  return { query, source: resolved.source, loaded, answer };
}

export type WhoCanOutcome =
  | ({ ok: true } & WhoCanAsked)
  | { ok: false; code: QuestionErrorCode; status: number; field: ParamError['field'] | 'source' | 'snapshot'; error: string };

/** Parses and asks, as a result rather than a throw (the graph's who-can view and the page use it). */
export async function answerWhoCan(store: Store, raw: RawParams, defaultSource: DefaultSource = 'only'): Promise<WhoCanOutcome> {
  try {
    return { ok: true, ...(await askWhoCan(store, parseWhoCanQuery(raw), defaultSource)) };
  } catch (error) {
    if (!(error instanceof QuestionError)) throw error;
    return {
      ok: false,
      code: error.code,
      status: QUESTION_ERROR_STATUS[error.code],
      field: fieldOf(error.param ?? undefined),
      error: error.message,
    };
  }
}
