// Exponential backoff, capped: the wait after the n-th consecutive failure (n >= 1) is
// base * 2^(n-1), at most `cap`. A source failing since a while is retried every `cap`, so a
// fixed cluster comes back on its own without hammering a broken one.

export interface Backoff {
  baseMs: number;
  capMs: number;
}

/** Snapshots: 1 minute, 2, 4, ... up to 6 hours (the default schedule's interval). */
export const SNAPSHOT_BACKOFF: Backoff = { baseMs: 60_000, capMs: 6 * 60 * 60_000 };

export function backoffDelayMs(failures: number, backoff: Backoff): number {
  const n = Math.max(1, Math.floor(failures));
  // 2^40 ms is 35 years: beyond it the cap has long applied, and Math.pow stays exact.
  return Math.min(backoff.capMs, backoff.baseMs * 2 ** Math.min(n - 1, 40));
}
