import 'server-only';
// The who-can question as it arrives from a URL (the page's search params, the API's query
// string): validated with zod into an AuthzRequest, then asked of one stored snapshot.
// Errors name the parameter so a form can point at the field and an API client at the param.
import { z } from 'zod';
import { whoCan } from '../core/rbac/who-can';
import type { AuthzRequest, WhoCanAnswer } from '../core/rbac/types';
import type { Store } from '../store';
import { assertAnswersRbac, loadSnapshotIndex, resolveSnapshot, SnapshotUnavailableError, type LoadedSnapshot } from './snapshot-index';

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

export type RawParams = URLSearchParams | Record<string, string | string[] | undefined>;

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
  snapshot: z
    .string()
    .trim()
    .regex(/^[1-9][0-9]{0,15}$/, 'snapshot must be a snapshot id (a positive whole number)')
    .optional(),
});

type Params = z.infer<typeof paramsSchema>;

function firstValues(raw: RawParams): { values: Record<string, string> } | ParamError {
  const entries: [string, string][] = [];
  if (raw instanceof URLSearchParams) {
    raw.forEach((value, key) => entries.push([key, value]));
  } else {
    for (const [key, value] of Object.entries(raw)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) entries.push([key, v]);
    }
  }
  const values: Record<string, string> = {};
  for (const [key, value] of entries) {
    if (key in values) return { field: fieldOf(key), error: `${key} is given more than once` };
    values[key] = value;
  }
  return { values };
}

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

/** Validates who-can params. Every error names the parameter it is about. */
export function parseWhoCanParams(raw: RawParams): ParseResult {
  const first = firstValues(raw);
  if (!('values' in first)) return { ok: false, ...first };
  const parsed = paramsSchema.safeParse(first.values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = fieldOf(issue?.path[0]);
    const error = issue?.code === 'unrecognized_keys' ? `unknown parameter ${issue.keys.join(', ')}` : (issue?.message ?? 'invalid query');
    return { ok: false, field, error };
  }
  const result = toRequest(parsed.data);
  if (!result.ok) return result;
  const source = present(parsed.data.source);
  const snapshot = present(parsed.data.snapshot);
  return {
    ok: true,
    query: {
      ...result.query,
      ...(source !== undefined && { source }),
      ...(snapshot !== undefined && { snapshotId: Number(snapshot) }),
    },
  };
}

/** Whether the params ask a question at all (a bare page visit shows only the form). */
export function hasWhoCanQuestion(raw: RawParams): boolean {
  const first = firstValues(raw);
  if (!('values' in first)) return true;
  return QUESTION_PARAMS.some((key) => key in first.values);
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

export type WhoCanOutcome =
  | { ok: true; query: WhoCanQuery; loaded: LoadedSnapshot; answer: WhoCanAnswer }
  | { ok: false; status: 400 | 404 | 409; field: ParamError['field']; error: string };

type SourceChoice = { name: string } | { status: 400 | 404; field: 'source' | 'snapshot'; error: string };

/** The source asked: the one named, else the chosen snapshot's, else the only one there is. */
async function chooseSource(store: Store, query: WhoCanQuery): Promise<SourceChoice> {
  if (query.snapshotId !== undefined && !(await store.getSnapshot(query.snapshotId))) {
    return { status: 404, field: 'snapshot', error: `snapshot ${query.snapshotId} does not exist` };
  }
  if (query.source !== undefined) {
    if (await store.getSource(query.source)) return { name: query.source };
    return { status: 404, field: 'source', error: `source "${query.source}" does not exist` };
  }
  if (query.snapshotId !== undefined) {
    const snapshot = await store.getSnapshot(query.snapshotId);
    if (snapshot) return { name: snapshot.sourceName };
  }
  const sources = await store.listSources();
  const only = sources.length === 1 ? sources[0] : undefined;
  if (only) return { name: only.name };
  if (sources.length === 0)
    return { status: 404, field: 'source', error: 'source: there are no sources yet; load one with `access-atlas snapshot`' };
  const names = sources.map((s) => s.name).join(', ');
  return { status: 400, field: 'source', error: `source is required: there are ${sources.length} sources (${names})` };
}

/**
 * Parses the params and answers them from the chosen snapshot (default: the source's latest
 * complete-or-partial one). A snapshot lacking any RBAC kind is refused, never answered as "nobody".
 */
export async function answerWhoCan(store: Store, raw: RawParams): Promise<WhoCanOutcome> {
  const parsed = parseWhoCanParams(raw);
  if (!parsed.ok) return { ok: false, status: 400, field: parsed.field, error: parsed.error };
  const { query } = parsed;
  const source = await chooseSource(store, query);
  if ('error' in source) return { ok: false, ...source };
  try {
    const snapshot = await resolveSnapshot(store, source.name, query.snapshotId);
    assertAnswersRbac(snapshot);
    const loaded = await loadSnapshotIndex(store, snapshot);
    const answer = whoCan(loaded.index, query.request, { allNamespaces: query.allNamespaces });
    return { ok: true, query, loaded, answer };
  } catch (error) {
    if (!(error instanceof SnapshotUnavailableError)) throw error;
    return { ok: false, status: 409, field: 'snapshot', error: error.message };
  }
}
