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
import { loadCloudAccount, loadLinkedWorkloads } from './cloud-account-index';
import { QuestionError } from './questions/errors';
import { paramValues, SNAPSHOT_ID_MESSAGE, SNAPSHOT_ID_PATTERN } from './questions/params';
import { resolveQuestion, type DefaultSource } from './questions/resolve';

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
  snapshot: z.string().trim().regex(SNAPSHOT_ID_PATTERN, SNAPSHOT_ID_MESSAGE).optional(),
});

/** `context` may repeat (`context=KEY=VALUE`); every other param is given at most once. */
export function parseRamParams(raw: URLSearchParams, needsPrincipal: boolean): Parsed {
  let values: Record<string, string>;
  try {
    values = paramValues(raw, ['context']).single;
  } catch (error) {
    if (!(error instanceof QuestionError)) throw error;
    const param = (SINGLE as readonly string[]).includes(error.param ?? '') ? (error.param as RamParam) : 'query';
    return { ok: false, param, error: error.message };
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

export interface RamAnswer<T> {
  answer: T;
  notices: string[];
}

/** The cloud account the question is asked of, resolved as every question is; throws a QuestionError. */
async function withAccount<T>(
  store: Store,
  query: RamQuery,
  defaultSource: DefaultSource,
  ask: (name: string, loaded: Awaited<ReturnType<typeof loadCloudAccount>>) => Promise<RamAnswer<T>>,
): Promise<RamAnswer<T>> {
  const { source, snapshot } = await resolveQuestion(store, {
    source: query.source,
    snapshotId: query.snapshotId,
    need: 'cloud',
    defaultSource,
  });
  return ask(source.name, await loadCloudAccount(store, snapshot));
}

/** who-can over the cloud account and the service accounts of every cluster linked to it. */
export function askRamWhoCan(store: Store, query: RamQuery, defaultSource: DefaultSource = 'only'): Promise<RamAnswer<CloudWhoCanAnswer>> {
  return withAccount(store, query, defaultSource, async (name, { account }) => {
    const linked = await loadLinkedWorkloads(store, name, account);
    return { answer: crossLayerWhoCan(account, query.request, linked.workloads), notices: [...account.errors, ...linked.notices] };
  });
}

export function askRamCanI(store: Store, query: RamQuery, defaultSource: DefaultSource = 'only'): Promise<RamAnswer<CloudCanIAnswer>> {
  return withAccount(store, query, defaultSource, (_name, { account }) => {
    const result = cloudCanI(account, query.principal as PrincipalRef, query.request);
    if (!result.ok) throw new QuestionError('not-found', 'principal', result.error);
    return Promise.resolve({ answer: result.answer, notices: account.errors });
  });
}

/** /api/ram/can-i and /api/ram/who-can: the CLI's `-o json` answer, or a QuestionError naming the param. */
export async function answerRam(store: Store, params: URLSearchParams, kind: 'who-can' | 'can-i'): Promise<unknown> {
  const parsed = parseRamParams(params, kind === 'can-i');
  if (!parsed.ok) throw new QuestionError('invalid', parsed.param, parsed.error);
  const asked = kind === 'can-i' ? await askRamCanI(store, parsed.query) : await askRamWhoCan(store, parsed.query);
  return asked.answer;
}
