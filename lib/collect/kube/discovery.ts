import 'server-only';
// API discovery, what `kubectl api-resources` reads: /api/v1 and every group's preferred
// version under /apis, each kept as one APIResourceList object.

import type { V1APIGroup, V1APIResourceList } from '@kubernetes/client-node';
import { normalizeObject } from '../../core/kube/normalize';
import type { CollectError, StoredObject } from '../../core/snapshot/types';
import type { RequestContext } from './classify-error';
import type { KubeClient } from './kube-client';
import { requestWithRetry, type FinalFailure, type RetryPolicy } from './request-with-retry';
import { toWireJson } from './to-wire-json';

export type DiscoveryFailure = { type: 'missing'; reason: string } | { type: 'fatal'; error: CollectError };

export type DiscoveryOutcome = { ok: true; objects: StoredObject[]; warnings: string[] } | { ok: false; failure: DiscoveryFailure };

export interface DiscoveryOptions {
  timeoutMs: number;
  retry?: RetryPolicy;
}

/** Group discovery requests in flight at once; a cluster serves a few dozen groups. */
const GROUP_CONCURRENCY = 4;

export async function discoverApiResources(client: KubeClient, opts: DiscoveryOptions): Promise<DiscoveryOutcome> {
  const ctx = (path: string, what: string): RequestContext => ({ url: `${client.server}${path}`, what, timeoutMs: opts.timeoutMs });
  const options = client.callOptions;

  const versions = await requestWithRetry(
    () => client.coreVersions.getAPIVersions({}, options),
    ctx('/api', 'reading API versions'),
    opts.retry,
  );
  if (!versions.ok) return failed(versions.failure);
  const lists: V1APIResourceList[] = [];
  // The core group has only ever had v1; /api lists it.
  if (versions.value.versions.includes('v1')) {
    const core = await requestWithRetry(
      () => client.core.getAPIResources({}, options),
      ctx('/api/v1', 'reading API resources'),
      opts.retry,
    );
    if (!core.ok) return failed(core.failure);
    lists.push(core.value);
  }

  const groupList = await requestWithRetry(() => client.groups.getAPIVersions({}, options), ctx('/apis', 'reading API groups'), opts.retry);
  if (!groupList.ok) return failed(groupList.failure);
  const warnings: string[] = [];
  const groups = groupList.value.groups.flatMap((group) => preferredVersion(group) ?? []);
  for (let start = 0; start < groups.length; start += GROUP_CONCURRENCY) {
    const batch = groups.slice(start, start + GROUP_CONCURRENCY);
    const outcomes = await Promise.all(
      batch.map(({ group, version }) => {
        const path = `/apis/${group}/${version}`;
        return requestWithRetry(
          () => client.groupResources.getAPIResources({ group, version }, options),
          ctx(path, 'reading API resources'),
          opts.retry,
        );
      }),
    );
    for (const [index, outcome] of outcomes.entries()) {
      if (outcome.ok) {
        lists.push(outcome.value);
        continue;
      }
      const failure = outcome.failure;
      // An aggregated API whose backing service is down answers 503 (or 404 while it is
      // being removed). kubectl api-resources reports such groups and lists the rest
      // (client-go discovery's ErrGroupDiscoveryFailed); so do we, with a warning.
      const isGroupDown = failure.type === 'not-found' || (failure.type === 'fatal' && failure.error.code === 'server');
      if (!isGroupDown) return failed(failure);
      const gv = batch[index];
      warnings.push(
        `API discovery skipped ${gv?.group ?? '?'}/${gv?.version ?? '?'}: ${failure.type === 'fatal' ? failure.error.message : failure.reason}`,
      );
    }
  }
  const objects = lists.flatMap((list) => normalizeObject(toWireJson(list, 'APIResourceList', 'v1')) ?? []);
  return { ok: true, objects, warnings };
}

function preferredVersion(group: V1APIGroup): { group: string; version: string } | undefined {
  const version = group.preferredVersion?.version ?? group.versions[0]?.version;
  return version === undefined ? undefined : { group: group.name, version };
}

/** 403 (or 404) on the discovery roots: no APIResourceList at all, never a partial set pretending to be whole. */
function failed(failure: FinalFailure): { ok: false; failure: DiscoveryFailure } {
  if (failure.type === 'forbidden' || failure.type === 'not-found')
    return { ok: false, failure: { type: 'missing', reason: failure.reason } };
  if (failure.type === 'gone') {
    return { ok: false, failure: { type: 'fatal', error: { code: 'server', message: 'API discovery answered 410 Gone' } } };
  }
  return { ok: false, failure };
}
