// The RAM who-can API's params from the page's (everything but `mode`), used by the server
// render and the client alike, so both ask the same question for one URL.
export function ramSearch(params: URLSearchParams): string {
  const out = new URLSearchParams();
  for (const key of ['source', 'snapshot', 'action', 'resource', 'resourceGroup']) {
    const v = params.get(key);
    if (v !== null && v !== '') out.set(key, v);
  }
  for (const c of params.getAll('context')) if (c.trim() !== '') out.append('context', c.trim());
  return out.toString();
}
