// One fetch for the review actions: JSON in, JSON out, the server's error message on failure.
export async function sendJson<T>(url: string, method: 'POST' | 'PUT', body: unknown): Promise<T> {
  const response = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = json !== null && typeof json === 'object' && 'error' in json && typeof json.error === 'string' ? json.error : `HTTP ${response.status}`;
    throw new Error(message);
  }
  return json as T;
}
