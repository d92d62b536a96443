import 'server-only';
// "Test connection": what the given credentials can read, without collecting anything. One
// `limit=1` list per kind a snapshot holds (the same calls a snapshot makes, so a 403 here is a
// missing kind there), and the API versions for discovery. Nothing read is kept or returned.
import { CLUSTER_KINDS, type ClusterKind, type CollectError } from '../../core/snapshot/types';
import type { RequestContext } from './classify-error';
import { KIND_LISTERS } from './kind-listers';
import { createKubeClient, type KubeClient, type KubeTarget } from './kube-client';
import { requestWithRetry } from './request-with-retry';

export interface KindAccess {
  kind: ClusterKind;
  canList: boolean;
  /** Why not (the API server's 403 or 404 message). */
  reason?: string;
}

export interface ConnectionReport {
  /** Server URL (no credentials) and context, as the snapshot's origin will name them. */
  server: string;
  identity: string;
  kinds: KindAccess[];
}

export type TestConnectionResult = { ok: true; report: ConnectionReport } | { ok: false; error: CollectError };

export interface TestConnectionOptions extends KubeTarget {
  /** Per request. Default 10000: a test should answer quickly or say why not. */
  timeoutMs?: number;
}

const NO_RETRY = { retries: 0, baseDelayMs: 0 };

async function probe(
  client: KubeClient,
  kind: ClusterKind,
  path: string,
  what: string,
  call: () => Promise<unknown>,
  timeoutMs: number,
): Promise<KindAccess | CollectError> {
  const ctx: RequestContext = { url: `${client.server}${path}`, what, timeoutMs };
  const outcome = await requestWithRetry(call, ctx, NO_RETRY);
  if (outcome.ok) return { kind, canList: true };
  const failure = outcome.failure;
  if (failure.type === 'fatal') return failure.error;
  if (failure.type === 'gone') return { kind, canList: true };
  return { kind, canList: false, reason: failure.reason };
}

export async function testClusterConnection(opts: TestConnectionOptions): Promise<TestConnectionResult> {
  const { timeoutMs = 10_000, ...target } = opts;
  const made = createKubeClient({ ...target, timeoutMs });
  if (!made.ok) return made;
  const client = made.client;
  const results: KindAccess[] = [];
  for (const lister of KIND_LISTERS) {
    const access = await probe(
      client,
      lister.kind,
      lister.path,
      `listing ${lister.resource}`,
      () => lister.list(client, { limit: 1 }),
      timeoutMs,
    );
    // 401, network, timeout: the credentials or the address are wrong; nothing else will work either.
    if (!('canList' in access)) return { ok: false, error: access };
    results.push(access);
  }
  const discovery = await probe(
    client,
    'APIResourceList',
    '/api',
    'reading API versions',
    () => client.coreVersions.getAPIVersions({}, client.callOptions),
    timeoutMs,
  );
  if (!('canList' in discovery)) return { ok: false, error: discovery };
  results.push(discovery);
  const order = (k: ClusterKind) => CLUSTER_KINDS.indexOf(k);
  return {
    ok: true,
    report: { server: client.server, identity: client.identity, kinds: results.sort((a, b) => order(a.kind) - order(b.kind)) },
  };
}
