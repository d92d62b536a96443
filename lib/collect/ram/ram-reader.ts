import 'server-only';
// One RAM API call at a time, the collector's way: retried with doubling backoff while the service
// throttles (Throttling.*, 429, 503), EntityNotExist handed back as a value, a permission error
// turned into KindDenied (the kind goes missing), anything else into CollectAbort (the collection fails).

import type { CollectError } from '../../core/snapshot/types';
import { classifyRamError, type RamCallContext, type RamFailure } from './classify-ram-error';

export interface RamRetryPolicy {
  /** Extra attempts after the first. */
  retries: number;
  /** First backoff; doubles on each retry unless the service said how long to wait. */
  baseDelayMs: number;
}

export const DEFAULT_RAM_RETRY: RamRetryPolicy = { retries: 4, baseDelayMs: 500 };

/** The caller may not read this; the kind it feeds goes into missingKinds. */
export class KindDenied extends Error {}

/** The whole collection fails with this error. */
export class CollectAbort extends Error {
  constructor(readonly error: CollectError) {
    super(error.message);
  }
}

export const NOT_FOUND = Symbol('EntityNotExist');
export type Found<T> = T | typeof NOT_FOUND;

/** A response body as the API sent it (PascalCase), from the SDK model's toMap(). */
export type WireMap = Record<string, unknown>;

export class RamReader {
  constructor(
    readonly endpoint: string,
    private readonly timeoutMs: number,
    private readonly retry: RamRetryPolicy,
  ) {}

  /** Calls `fn` and returns its body as wire JSON, NOT_FOUND for EntityNotExist.*, or throws. */
  async call(action: string, subject: string | undefined, fn: () => Promise<{ body?: { toMap(): WireMap } }>): Promise<Found<WireMap>> {
    const ctx: RamCallContext = { endpoint: this.endpoint, action, subject, timeoutMs: this.timeoutMs };
    for (let attempt = 0; ; attempt += 1) {
      let failure: RamFailure;
      try {
        const response = await fn();
        return response.body?.toMap() ?? {};
      } catch (error) {
        failure = classifyRamError(error, ctx);
      }
      if (failure.type === 'not-found') return NOT_FOUND;
      if (failure.type === 'forbidden') throw new KindDenied(failure.reason);
      if (failure.type === 'fatal') throw new CollectAbort(failure.error);
      if (attempt >= this.retry.retries) {
        const tries = attempt + 1;
        throw new CollectAbort({ ...failure.error, message: `${failure.error.message} (${tries} attempts)` });
      }
      await sleep(failure.retryAfterMs ?? this.retry.baseDelayMs * 2 ** attempt);
    }
  }

  /** Every item of a Marker/IsTruncated list (RAM's ListUsers, ListGroups, ListRoles, ListPolicies). */
  async listAll(
    action: string,
    fetchPage: (marker: string | undefined) => Promise<{ body?: { toMap(): WireMap } }>,
    itemsOf: (body: WireMap) => unknown,
  ): Promise<WireMap[]> {
    const items: WireMap[] = [];
    let marker: string | undefined;
    for (let page = 1; ; page += 1) {
      const body = await this.call(action, page > 1 ? `page ${page}` : undefined, () => fetchPage(marker));
      if (body === NOT_FOUND) return items;
      items.push(...records(itemsOf(body)));
      const next = typeof body.Marker === 'string' ? body.Marker : '';
      if (body.IsTruncated !== true || next === '') return items;
      if (next === marker)
        throw new CollectAbort({ code: 'server', message: `${action} at ${this.endpoint}: the service returned the same Marker twice` });
      marker = next;
    }
  }
}

/** `body.Users.User` and the like: the list under two levels of wrapping, as the RAM API nests it. */
export function nested(body: WireMap, outer: string, inner: string): WireMap[] {
  const wrapper = body[outer];
  if (typeof wrapper !== 'object' || wrapper === null) return [];
  return records((wrapper as WireMap)[inner]);
}

export function records(value: unknown): WireMap[] {
  return Array.isArray(value) ? value.filter((item): item is WireMap => typeof item === 'object' && item !== null) : [];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
