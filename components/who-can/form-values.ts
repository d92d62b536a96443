// The who-can form's fields and their round trip through URL search params, so the question
// lives in the URL: a shared link, a reload or the back button shows the same answer.

export type Scope = 'namespace' | 'all' | 'cluster';

export interface FormValues {
  source: string;
  /** '' = the source's latest usable snapshot. */
  snapshot: string;
  verb: string;
  resource: string;
  apiGroup: string;
  subresource: string;
  name: string;
  scope: Scope;
  namespace: string;
  nonResourceURL: string;
}

type TextField = Exclude<keyof FormValues, 'scope'>;

const QUESTION_KEYS = ['verb', 'resource', 'apiGroup', 'subresource', 'name', 'namespace', 'allNamespaces', 'nonResourceURL'];

export function hasQuestion(params: URLSearchParams): boolean {
  return QUESTION_KEYS.some((key) => params.has(key));
}

function scopeOf(params: URLSearchParams): Scope {
  if (params.has('namespace')) return 'namespace';
  const all = params.get('allNamespaces');
  if (all === 'true' || all === '1') return 'all';
  // A bare visit starts with the broadest question; a question without a scope is cluster-scoped.
  return hasQuestion(params) ? 'cluster' : 'all';
}

export function formValuesFromParams(params: URLSearchParams, defaultSource: string): FormValues {
  const get = (key: TextField) => params.get(key) ?? '';
  return {
    source: params.get('source') ?? defaultSource,
    snapshot: get('snapshot'),
    verb: get('verb'),
    resource: get('resource'),
    apiGroup: get('apiGroup'),
    subresource: get('subresource'),
    name: get('name'),
    scope: scopeOf(params),
    namespace: get('namespace'),
    nonResourceURL: get('nonResourceURL'),
  };
}

/** Only what was filled in, so links stay short; the server reports any contradiction by field. */
export function paramsFromFormValues(values: FormValues): URLSearchParams {
  const params = new URLSearchParams();
  const put = (key: TextField) => {
    const value = values[key].trim();
    if (value !== '') params.set(key, value);
  };
  put('source');
  put('snapshot');
  put('verb');
  put('resource');
  put('apiGroup');
  put('subresource');
  put('name');
  put('nonResourceURL');
  // Scope only means something for resource requests.
  if (values.nonResourceURL.trim() === '') {
    if (values.scope === 'namespace') params.set('namespace', values.namespace.trim());
    if (values.scope === 'all') params.set('allNamespaces', 'true');
  }
  if (!params.has('verb')) params.set('verb', '');
  return params;
}

/** One spelling per question (keys sorted), used as the cache key on both server and client. */
export function canonicalSearch(params: URLSearchParams): string {
  const sorted = new URLSearchParams([...params.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return sorted.toString();
}

export function toURLSearchParams(record: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  }
  return params;
}
