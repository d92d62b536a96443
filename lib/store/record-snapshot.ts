import 'server-only';
// One collection run, start to end: the snapshot is finished when the collector succeeds and
// failed (with the reason) when it does not. Either way the last good snapshot is untouched.
import type { CollectResult, SnapshotSummary, SourceKind } from '../core/snapshot/types';
import type { Store } from './open-store';

/** A collector to run, or (for callers that collected already) its result. */
export type Collect = (() => Promise<CollectResult>) | CollectResult;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An Authorization value in a message (node-fetch quotes a refused header whole). */
const AUTHORIZATION_VALUE = /\b(Bearer|Basic)\s+[^\s"',;]+/gi;
/** A JWT, as service account and OIDC tokens are. */
const JWT = /\beyJ[\w-]{8,}\.[\w-]+\.[\w-]*/g;

/** Strings shorter than this are not scrubbed on their own (they would match ordinary words). */
const MIN_SECRET_LENGTH = 8;

/**
 * The last line of defence before a message is stored and shown: Authorization values, JWTs and
 * the given credential strings (each line of them too) become `[redacted]`. The collectors never
 * quote credentials on purpose; this catches what a library put in an error on its own.
 */
export function redactCredentials(message: string, secrets: readonly string[] = []): string {
  let out = message;
  const pieces = secrets
    .flatMap((s) => [s, ...s.split(/\r?\n/)])
    .map((s) => s.trim())
    .filter((s) => s.length >= MIN_SECRET_LENGTH);
  // Longest first, so a whole secret goes before one of its lines.
  for (const piece of [...new Set(pieces)].sort((a, b) => b.length - a.length)) out = out.split(piece).join('[redacted]');
  return out.replace(AUTHORIZATION_VALUE, '$1 [redacted]').replace(JWT, '[redacted]');
}

export async function recordSnapshot(
  store: Store,
  sourceName: string,
  kind: SourceKind,
  collect: Collect,
  origin: string,
): Promise<SnapshotSummary> {
  const source = await store.ensureSource({ name: sourceName, kind });
  const started = await store.startSnapshot(source.id, origin);
  let result: CollectResult;
  try {
    result = typeof collect === 'function' ? await collect() : collect;
  } catch (error) {
    return store.failSnapshot(started.id, redactCredentials(`collection failed: ${describe(error)}`));
  }
  if (!result.ok) return store.failSnapshot(started.id, redactCredentials(`${result.error.code}: ${result.error.message}`));
  try {
    return await store.finishSnapshot(started.id, result.snapshot);
  } catch (error) {
    // The finishing transaction rolled back; record why instead of leaving the snapshot running.
    return store.failSnapshot(started.id, redactCredentials(`storing failed: ${describe(error)}`));
  }
}
