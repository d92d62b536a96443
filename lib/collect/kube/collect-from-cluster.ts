import 'server-only';
// Live collection: lists every kind a snapshot holds, page by page, plus API discovery.
// A kind the credentials may not read (403) is reported missing and contributes no objects;
// anything that makes the whole picture untrustworthy (401, network, timeout, 5xx that
// persists) fails the collection.

import { normalizeObject } from '../../core/kube/normalize';
import { CLUSTER_KINDS, type CollectResult, type MissingKind, type StoredObject } from '../../core/snapshot/types';
import type { RequestContext } from './classify-error';
import { discoverApiResources } from './discovery';
import { KIND_LISTERS, type KindLister } from './kind-listers';
import { createKubeClient, type KubeClient, type KubeTarget } from './kube-client';
import { listAllPages, type ListOutcome } from './list-paged';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './request-with-retry';
import { toWireJson } from './to-wire-json';

export interface CollectFromClusterOptions extends KubeTarget {
  /** Items per list request (`limit`). Default 500, what kubectl uses (--chunk-size). */
  pageSize?: number;
  /** Per request. Default 30000. */
  timeoutMs?: number;
  /** First backoff before retrying a 429/5xx (2 retries, doubling). Default 500. */
  retryBaseDelayMs?: number;
}

export const DEFAULT_PAGE_SIZE = 500;
export const DEFAULT_TIMEOUT_MS = 30_000;

interface Settings {
  pageSize: number;
  timeoutMs: number;
  retry: RetryPolicy;
}

export async function collectFromCluster(opts: CollectFromClusterOptions = {}): Promise<CollectResult> {
  const { pageSize, timeoutMs, retryBaseDelayMs, ...target } = opts;
  const settings: Settings = {
    pageSize: pageSize ?? DEFAULT_PAGE_SIZE,
    timeoutMs: timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: { ...DEFAULT_RETRY_POLICY, baseDelayMs: retryBaseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs },
  };
  const made = createKubeClient({ ...target, timeoutMs: settings.timeoutMs });
  if (!made.ok) return made;
  const client = made.client;

  const objects: StoredObject[] = [];
  const missingKinds: MissingKind[] = [];
  const warnings: string[] = [];
  for (const lister of KIND_LISTERS) {
    const outcome = await listKind(client, lister, settings);
    if (outcome.ok) {
      objects.push(...outcome.items);
      if (outcome.restarts > 0)
        warnings.push(`listing ${lister.resource} restarted ${outcome.restarts} time(s) after its continue token expired`);
      continue;
    }
    const failure = outcome.failure;
    if (failure.type === 'fatal') return { ok: false, error: failure.error };
    missingKinds.push({ kind: lister.kind, reason: failure.reason });
  }

  const discovery = await discoverApiResources(client, { timeoutMs: settings.timeoutMs, retry: settings.retry });
  if (discovery.ok) {
    objects.push(...discovery.objects);
    warnings.push(...discovery.warnings);
  } else if (discovery.failure.type === 'fatal') {
    return { ok: false, error: discovery.failure.error };
  } else {
    missingKinds.push({ kind: 'APIResourceList', reason: discovery.failure.reason });
  }

  if (missingKinds.length === CLUSTER_KINDS.length) {
    const reasons = missingKinds.map((missing) => missing.reason).join('; ');
    return {
      ok: false,
      error: { code: 'forbidden', message: `${client.identity} may read none of the kinds a snapshot needs: ${reasons}` },
    };
  }
  return { ok: true, snapshot: { objects, missingKinds, warnings, origin: `${client.server} (${client.identity})` } };
}

/** Every object of one kind, normalized page by page (so Pods never pile up unreduced). */
async function listKind(client: KubeClient, lister: KindLister, settings: Settings): Promise<ListOutcome<StoredObject>> {
  const ctx: RequestContext = { url: `${client.server}${lister.path}`, what: `listing ${lister.resource}`, timeoutMs: settings.timeoutMs };
  return listAllPages(
    async (continueToken) => {
      const response = await lister.list(client, { limit: settings.pageSize, _continue: continueToken });
      const items = response.items.flatMap((item) => normalizeObject(toWireJson(item, lister.kind, lister.apiVersion)) ?? []);
      return { items, continueToken: response.metadata?._continue };
    },
    ctx,
    settings.retry,
  );
}
