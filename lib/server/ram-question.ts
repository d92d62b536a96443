import 'server-only';
// RAM/IAM questions as they arrive from a URL, asked of a stored cloud-account snapshot. The
// answers are exactly the CLI's `access-atlas ram can-i|who-can -o json`; errors name the param.
import { z } from 'zod';
import {
  cloudCanI,
  parseContextPairs,
  parsePrincipalRef,
  type CloudCanIAnswer,
  type CloudRequest,
  type CloudWhoCanAnswer,
  type PrincipalRef,
} from '../core/ram/account';
import { crossLayerWhoCan } from '../core/links';
import type { Store } from '../store';
import { loadCloudAccount, loadLinkedWorkloads, resolveCloudSnapshot } from './cloud-account-index';
import { SnapshotUnavailableError } from './snapshot-index';

export type RamParam = 'action' | 'resource' | 'context' | 'resourceGroup' | 'principal' | 'source' | 'snapshot' | 'query';

export interface RamQuery {
  request: CloudRequest;
  principal?: PrincipalRef;
  source?: string;
  snapshotId?: number;
}

type Parsed = { ok: true; query: RamQuery } | { ok: false; param: RamParam; error: string };

const SINGLE = ['action', 'resource', 'resourceGroup', 'principal', 'source', 'snapshot'] as const;

const paramsSchema = z.strictObject({
  action: z
    .string({ error: 'action is required, e.g. cs:DeleteCluster' })
    .trim()
    .regex(/^[^\s:]+:[^\s:]+$/, 'action must be SERVICE:ACTION, e.g. cs:DeleteCluster'),
  resource: z
    .string({ error: 'resource is required, e.g. acs:cs:*:*:cluster/c1 or *' })
    .trim()
    .min(1, 'resource is required')
    .regex(/^\S+$/, 'resource must not contain spaces'),
  resourceGroup: z.string().trim().optional(),
  principal: z.string().trim().optional(),
  source: z.string().trim().optional(),
  snapshot: z
    .string()
    .trim()
    .regex(/^[1-9][0-9]{0,15}$/, 'snapshot must be a snapshot id (a positive whole number)')
    .optional(),
});

/** `context` may repeat (`context=KEY=VALUE`); every other param is given at most once. */
export function parseRamParams(raw: URLSearchParams, needsPrincipal: boolean): Parsed {
  const values: Record<string, string> = {};
  for (const key of new Set(raw.keys())) {
    if (key === 'context') continue;
    const all = raw.getAll(key);
    if (all.length > 1)
      return {
        ok: false,
        param: (SINGLE as readonly string[]).includes(key) ? (key as RamParam) : 'query',
        error: `${key} is given more than once`,
      };
    values[key] = all[0] as string;
  }
  const parsed = paramsSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path[0];
    const param: RamParam = (SINGLE as readonly PropertyKey[]).includes(key ?? '') ? (key as RamParam) : 'query';
    return {
      ok: false,
      param,
      error: issue?.code === 'unrecognized_keys' ? `unknown parameter ${issue.keys.join(', ')}` : (issue?.message ?? 'invalid query'),
    };
  }
  const p = parsed.data;
  const context = parseContextPairs(raw.getAll('context'));
  if (!context.ok) return { ok: false, param: 'context', error: context.error };
  const request: CloudRequest = {
    action: p.action,
    resource: p.resource,
    ...(context.value ? { context: context.value } : {}),
    ...(p.resourceGroup ? { resourceGroupId: p.resourceGroup } : {}),
  };
  const query: RamQuery = { request, ...(p.source ? { source: p.source } : {}), ...(p.snapshot ? { snapshotId: Number(p.snapshot) } : {}) };
  if (needsPrincipal) {
    if (!p.principal) return { ok: false, param: 'principal', error: 'principal is required: user/NAME or role/NAME' };
    const principal = parsePrincipalRef(p.principal);
    if (!principal.ok) return { ok: false, param: 'principal', error: principal.error };
    query.principal = principal.value;
  }
  return { ok: true, query };
}

export type RamOutcome<T> = { ok: true; answer: T; notices: string[] } | { ok: false; status: number; param: RamParam; error: string };

async function sourceName(store: Store, query: RamQuery): Promise<string | null> {
  if (query.source) return query.source;
  const first = (await store.listSources()).find((s) => s.kind === 'cloud-account');
  return first?.name ?? null;
}

async function withAccount<T>(
  store: Store,
  query: RamQuery,
  ask: (name: string, loaded: Awaited<ReturnType<typeof loadCloudAccount>>) => Promise<RamOutcome<T>>,
): Promise<RamOutcome<T>> {
  const name = await sourceName(store, query);
  if (name === null)
    return { ok: false, status: 404, param: 'source', error: 'no cloud-account source yet: take one with access-atlas snapshot --ram' };
  try {
    const snapshot = await resolveCloudSnapshot(store, name, query.snapshotId);
    return await ask(name, await loadCloudAccount(store, snapshot));
  } catch (error) {
    if (!(error instanceof SnapshotUnavailableError)) throw error;
    const status = /no source|has no snapshot|no complete/.test(error.message) ? 404 : 409;
    return { ok: false, status, param: query.snapshotId ? 'snapshot' : 'source', error: error.message };
  }
}

/** who-can over the cloud account and the service accounts of every cluster linked to it. */
export function askRamWhoCan(store: Store, query: RamQuery): Promise<RamOutcome<CloudWhoCanAnswer>> {
  return withAccount(store, query, async (name, { account }) => {
    const linked = await loadLinkedWorkloads(store, name, account);
    return {
      ok: true,
      answer: crossLayerWhoCan(account, query.request, linked.workloads),
      notices: [...account.errors, ...linked.notices],
    };
  });
}

export function askRamCanI(store: Store, query: RamQuery): Promise<RamOutcome<CloudCanIAnswer>> {
  return withAccount(store, query, (_name, { account }) => {
    const result = cloudCanI(account, query.principal as PrincipalRef, query.request);
    if (!result.ok) return Promise.resolve({ ok: false, status: 404, param: 'principal', error: result.error });
    return Promise.resolve({ ok: true, answer: result.answer, notices: account.errors });
  });
}

export async function answerRam(
  store: Store,
  params: URLSearchParams,
  kind: 'who-can' | 'can-i',
): Promise<{ status: number; body: unknown }> {
  const parsed = parseRamParams(params, kind === 'can-i');
  if (!parsed.ok) return { status: 400, body: { error: parsed.error, param: parsed.param } };
  const outcome = kind === 'can-i' ? await askRamCanI(store, parsed.query) : await askRamWhoCan(store, parsed.query);
  if (!outcome.ok) return { status: outcome.status, body: { error: outcome.error, param: outcome.param } };
  return { status: 200, body: outcome.answer };
}
