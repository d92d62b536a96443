import 'server-only';
// The graph explorer's questions, as they arrive in a URL: validated with zod, answered from one
// stored snapshot with the pure functions of lib/core/graph, and cut to a payload a browser can
// draw (the cut is reported, never silent). Errors name the parameter.
import { z } from 'zod';
import type { AuthzIndex } from '../core/rbac/authz-index';
import {
  buildRbacGraph,
  filterGraph,
  indexGraph,
  inducedSubgraph,
  isGraphNodeKind,
  neighborhood,
  nodePredicate,
  searchNodes,
  whoCanGraph,
  wholeClusterView,
  DEFAULT_MAX_NODES,
  type GraphFilters,
  type GraphIndex,
  type GraphResult,
  type SearchHit,
} from '../core/graph';
import type { Store } from '../store';
import { answerWhoCan, describeQuery, WHO_CAN_PARAMS } from './who-can-query';
import { assertAnswersRbac, loadSnapshotIndex, resolveSnapshot, SnapshotUnavailableError, type LoadedSnapshot } from './snapshot-index';

export const GRAPH_VIEWS = ['neighborhood', 'whole', 'who-can'] as const;
export type GraphViewName = (typeof GRAPH_VIEWS)[number];

/** Most nodes one response carries; `limit` may lower it. */
export const MAX_GRAPH_NODES = 5000;
const MAX_SEARCH_HITS = 20;

const flag = (name: string) => z.enum(['true', 'false', '1', '0'], { error: `${name} must be true or false` }).optional();
const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const graphParamsSchema = z.strictObject({
  source: z.string().trim().optional(),
  snapshot: z
    .string()
    .trim()
    .regex(/^[1-9][0-9]{0,15}$/, 'snapshot must be a snapshot id (a positive whole number)')
    .optional(),
  view: z.enum(GRAPH_VIEWS, { error: `view must be one of ${GRAPH_VIEWS.join(', ')}` }).optional(),
  focus: z.string().trim().max(600, 'focus is longer than 600 characters').optional(),
  depth: z
    .string()
    .trim()
    .regex(/^[1-4]$/, 'depth must be 1, 2, 3 or 4')
    .optional(),
  // The namespace filter; in view=who-can, the question's namespace (as /who-can names it).
  namespace: z
    .string()
    .trim()
    .max(63, 'namespace is longer than 63 characters')
    .regex(dnsLabel, 'namespace must be a DNS label')
    .or(z.literal(''))
    .optional(),
  kinds: z
    .string()
    .trim()
    .refine(
      (v) => v === '' || v.split(',').every((k) => isGraphNodeKind(k.trim())),
      'kinds must be a comma-separated list of node kinds, e.g. User,RoleBinding,ClusterRole',
    )
    .optional(),
  hideSystem: flag('hideSystem'),
  q: z.string().max(200, 'q is longer than 200 characters').optional(),
  limit: z
    .string()
    .trim()
    .regex(/^[1-9][0-9]{0,4}$/, 'limit must be a positive whole number')
    .refine((v) => Number(v) <= MAX_GRAPH_NODES, `limit must be at most ${MAX_GRAPH_NODES}`)
    .optional(),
  // The who-can question (view=who-can), with the names /who-can uses.
  verb: z.string().optional(),
  resource: z.string().optional(),
  apiGroup: z.string().optional(),
  subresource: z.string().optional(),
  name: z.string().optional(),
  allNamespaces: z.string().optional(),
  nonResourceURL: z.string().optional(),
});
type GraphParams = z.infer<typeof graphParamsSchema>;

export interface GraphResponseOk extends GraphResult {
  ok: true;
  view: GraphViewName;
  focus: string | null;
  snapshot: { id: number; seq: number | null; sourceName: string };
  /** Nodes of the whole snapshot matching `q` (within the filters), to pick a focus from. */
  matches: SearchHit[];
  /** view=who-can: the question in words. */
  question?: string;
}
export interface GraphResponseError {
  ok: false;
  param: string;
  error: string;
}
export type GraphResponse = GraphResponseOk | GraphResponseError;

const graphs = new WeakMap<AuthzIndex, GraphIndex>();

/** The snapshot's graph, built once per loaded snapshot (loadSnapshotIndex caches those). */
function graphOf(loaded: LoadedSnapshot): GraphIndex {
  let g = graphs.get(loaded.index);
  if (!g) graphs.set(loaded.index, (g = indexGraph(buildRbacGraph(loaded.objects))));
  return g;
}

const isTrue = (v: string | undefined) => v === 'true' || v === '1';
const present = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());

function firstValues(raw: URLSearchParams): { ok: true; values: Record<string, string> } | GraphResponseError {
  const values: Record<string, string> = {};
  for (const [key, value] of raw) {
    if (key in values) return { ok: false, param: key, error: `${key} is given more than once` };
    values[key] = value;
  }
  return { ok: true, values };
}

function parseParams(raw: URLSearchParams): { ok: true; params: GraphParams } | GraphResponseError {
  const first = firstValues(raw);
  if (!first.ok) return first;
  const parsed = graphParamsSchema.safeParse(first.values);
  if (parsed.success) return { ok: true, params: parsed.data };
  const issue = parsed.error.issues[0];
  if (issue?.code === 'unrecognized_keys')
    return { ok: false, param: issue.keys[0] ?? 'query', error: `unknown parameter ${issue.keys.join(', ')}` };
  return { ok: false, param: String(issue?.path[0] ?? 'query'), error: issue?.message ?? 'invalid query' };
}

function filtersOf(p: GraphParams): GraphFilters {
  const kinds = present(p.kinds)
    ?.split(',')
    .map((k) => k.trim())
    .filter(isGraphNodeKind);
  const namespace = present(p.namespace);
  return { ...(namespace && { namespace }), ...(kinds && { kinds }), hideSystem: isTrue(p.hideSystem) };
}

/** Keeps the first maxNodes nodes (results list the most important first) and the edges between them. */
function capped(result: GraphResult, maxNodes: number): GraphResult {
  if (result.nodes.length <= maxNodes) return result;
  const kept = new Set(result.nodes.slice(0, maxNodes).map((n) => n.id));
  return {
    nodes: result.nodes.filter((n) => kept.has(n.id)),
    edges: result.edges.filter((e) => kept.has(e.source) && kept.has(e.target)),
    truncated: {
      reason: `showing ${maxNodes} of ${result.nodes.length} nodes`,
      totalNodes: result.truncated?.totalNodes ?? result.nodes.length,
    },
  };
}

type Choice = { ok: true; loaded: LoadedSnapshot } | { ok: false; status: 404 | 409; param: string; error: string };

async function chooseSnapshot(store: Store, p: GraphParams): Promise<Choice> {
  const snapshotId = present(p.snapshot) === undefined ? undefined : Number(p.snapshot);
  let sourceName = present(p.source);
  if (sourceName === undefined && snapshotId !== undefined) sourceName = (await store.getSnapshot(snapshotId))?.sourceName;
  // As every page: no source named means the first one.
  sourceName ??= (await store.listSources())[0]?.name;
  if (sourceName === undefined)
    return { ok: false, status: 404, param: 'source', error: 'source: there are no sources yet; load one with `access-atlas snapshot`' };
  try {
    const snapshot = await resolveSnapshot(store, sourceName, snapshotId);
    assertAnswersRbac(snapshot);
    return { ok: true, loaded: await loadSnapshotIndex(store, snapshot) };
  } catch (error) {
    if (!(error instanceof SnapshotUnavailableError)) throw error;
    return {
      ok: false,
      status: error.message.startsWith('no source') ? 404 : 409,
      param: error.message.startsWith('no source') ? 'source' : 'snapshot',
      error: error.message,
    };
  }
}

async function whoCanResult(store: Store, raw: URLSearchParams, hideSystem: boolean) {
  const question = new URLSearchParams();
  for (const key of WHO_CAN_PARAMS) {
    const value = raw.get(key);
    if (value !== null) question.set(key, value);
  }
  const outcome = await answerWhoCan(store, question);
  if (!outcome.ok) return outcome;
  const graph = whoCanGraph(outcome.answer, outcome.loaded.index);
  const shown = hideSystem ? { ...filterGraph(graph, { hideSystem: true }), truncated: graph.truncated } : graph;
  return { ok: true as const, loaded: outcome.loaded, result: shown, question: describeQuery(outcome.query) };
}

export type GraphOutcome = { status: number; body: GraphResponse };

/** Answers /api/graph (and the graph page's first render). */
export async function answerGraph(store: Store, raw: URLSearchParams): Promise<GraphOutcome> {
  const parsed = parseParams(raw);
  if (!parsed.ok) return { status: 400, body: parsed };
  const p = parsed.params;
  const focus = present(p.focus) ?? null;
  const view: GraphViewName = p.view ?? (focus ? 'neighborhood' : 'whole');
  const maxNodes = present(p.limit) ? Number(p.limit) : view === 'neighborhood' ? DEFAULT_MAX_NODES : MAX_GRAPH_NODES;
  const filters = filtersOf(p);
  if (view === 'who-can') {
    const answered = await whoCanResult(store, raw, filters.hideSystem === true);
    if (!answered.ok) return { status: answered.status, body: { ok: false, param: answered.field, error: answered.error } };
    const s = answered.loaded.snapshot;
    const body: GraphResponseOk = {
      ok: true,
      view,
      focus,
      snapshot: { id: s.id, seq: s.seq, sourceName: s.sourceName },
      matches: [],
      question: answered.question,
      ...capped(answered.result, maxNodes),
    };
    return { status: 200, body };
  }
  const chosen = await chooseSnapshot(store, p);
  if (!chosen.ok) return { status: chosen.status, body: { ok: false, param: chosen.param, error: chosen.error } };
  const index = graphOf(chosen.loaded);
  const keep = nodePredicate(index, filters);
  let result: GraphResult;
  if (view === 'whole') {
    result = capped(wholeClusterView(index, filters.hideSystem === true ? keep : nodePredicate(index, {})), maxNodes);
  } else if (focus === null) {
    result = { ...inducedSubgraph(index, []), truncated: null };
  } else {
    const out = neighborhood(index, focus, { depth: Number(p.depth ?? '2'), keep, maxNodes });
    if (!out.ok) return { status: 404, body: { ok: false, param: 'focus', error: out.error } };
    result = out.result;
  }
  const q = present(p.q);
  const s = chosen.loaded.snapshot;
  const matches = q ? searchNodes(index.graph, q, MAX_SEARCH_HITS, keep) : [];
  return { status: 200, body: { ok: true, view, focus, snapshot: { id: s.id, seq: s.seq, sourceName: s.sourceName }, matches, ...result } };
}
