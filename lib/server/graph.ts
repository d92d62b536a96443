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
import { QUESTION_ERROR_STATUS, QuestionError } from './questions/errors';
import { parseParams as parseQuestionParams, SNAPSHOT_ID_MESSAGE, SNAPSHOT_ID_PATTERN } from './questions/params';
import { resolveQuestion } from './questions/resolve';
import { askWhoCan, describeQuery, parseWhoCanQuery, WHO_CAN_PARAMS } from './questions/who-can';
import { loadSnapshotIndex, type LoadedSnapshot } from './snapshot-index';

export const GRAPH_VIEWS = ['neighborhood', 'whole', 'who-can'] as const;
export type GraphViewName = (typeof GRAPH_VIEWS)[number];

/** Most nodes one response carries; `limit` may lower it. */
export const MAX_GRAPH_NODES = 5000;
const MAX_SEARCH_HITS = 20;

const flag = (name: string) => z.enum(['true', 'false', '1', '0'], { error: `${name} must be true or false` }).optional();
const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const graphParamsSchema = z.strictObject({
  source: z.string().trim().optional(),
  snapshot: z.string().trim().regex(SNAPSHOT_ID_PATTERN, SNAPSHOT_ID_MESSAGE).optional(),
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

async function whoCanResult(store: Store, raw: URLSearchParams, hideSystem: boolean) {
  const question = new URLSearchParams();
  for (const key of WHO_CAN_PARAMS) {
    const value = raw.get(key);
    if (value !== null) question.set(key, value);
  }
  const asked = await askWhoCan(store, parseWhoCanQuery(question), 'first');
  const graph = whoCanGraph(asked.answer, asked.loaded.index);
  const shown = hideSystem ? { ...filterGraph(graph, { hideSystem: true }), truncated: graph.truncated } : graph;
  return { loaded: asked.loaded, result: shown, question: describeQuery(asked.query) };
}

export type GraphOutcome = { status: number; body: GraphResponse };

/**
 * Answers /api/graph and the graph page. Like every page, no source named means the first cluster
 * source by name (the answer names its snapshot's source); a cloud account is refused (wrong-kind).
 * Throws a QuestionError naming the parameter.
 */
export async function askGraph(store: Store, raw: URLSearchParams): Promise<GraphResponseOk> {
  const { params: p } = parseQuestionParams(raw, graphParamsSchema);
  const focus = present(p.focus) ?? null;
  const view: GraphViewName = p.view ?? (focus ? 'neighborhood' : 'whole');
  const maxNodes = present(p.limit) ? Number(p.limit) : view === 'neighborhood' ? DEFAULT_MAX_NODES : MAX_GRAPH_NODES;
  const filters = filtersOf(p);
  if (view === 'who-can') {
    const answered = await whoCanResult(store, raw, filters.hideSystem === true);
    const s = answered.loaded.snapshot;
    return {
      ok: true,
      view,
      focus,
      snapshot: { id: s.id, seq: s.seq, sourceName: s.sourceName },
      matches: [],
      question: answered.question,
      ...capped(answered.result, maxNodes),
    };
  }
  const snapshotId = present(p.snapshot) === undefined ? undefined : Number(p.snapshot);
  const resolved = await resolveQuestion(store, { source: present(p.source), snapshotId, need: 'rbac', defaultSource: 'first' });
  const loaded = await loadSnapshotIndex(store, resolved.snapshot);
  const index = graphOf(loaded);
  const keep = nodePredicate(index, filters);
  let result: GraphResult;
  if (view === 'whole') {
    result = capped(wholeClusterView(index, filters.hideSystem === true ? keep : nodePredicate(index, {})), maxNodes);
  } else if (focus === null) {
    result = { ...inducedSubgraph(index, []), truncated: null };
  } else {
    const out = neighborhood(index, focus, { depth: Number(p.depth ?? '2'), keep, maxNodes });
    if (!out.ok) throw new QuestionError('not-found', 'focus', out.error);
    result = out.result;
  }
  const q = present(p.q);
  const s = loaded.snapshot;
  const matches = q ? searchNodes(index.graph, q, MAX_SEARCH_HITS, keep) : [];
  return { ok: true, view, focus, snapshot: { id: s.id, seq: s.seq, sourceName: s.sourceName }, matches, ...result };
}

/** askGraph as {status, body}, for the page's first render (the API sends refusals in the error envelope). */
export async function answerGraph(store: Store, raw: URLSearchParams): Promise<GraphOutcome> {
  try {
    return { status: 200, body: await askGraph(store, raw) };
  } catch (error) {
    if (!(error instanceof QuestionError)) throw error;
    return { status: QUESTION_ERROR_STATUS[error.code], body: { ok: false, param: error.param ?? 'query', error: error.message } };
  }
}
