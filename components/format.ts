// Display formatting shared by server and client components. Times are shown in UTC so the
// server render and the browser agree, and an auditor reads the same clock everywhere.

export function formatTime(value: Date | string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '—';
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The first 12 hex digits of a SHA-256 digest, enough to tell snapshots apart at a glance. */
export function shortDigest(digest: string | null | undefined): string {
  if (!digest) return '—';
  const hex = digest.replace(/^sha256:/, '');
  return hex.slice(0, 12);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
