import 'server-only';
// Drift between two snapshots of one source: resolves FROM/TO specs (an id, a date, `latest`,
// `latest~N`) to snapshots, loads both and diffs them, objects, permissions and findings. Diffs
// are cached: snapshots never change once finished, so the diff of two of them never does either
// (suppressions do, so they are applied to the cached findings at every ask).
import { diffSnapshots, type DiffResult, type DiffSide } from '../core/diff';
import { applySuppressions, findingsDrift } from '../core/findings';
import type { Finding, FindingsDrift, FindingsResult, NotEvaluated } from '../core/findings/types';
import { isUsableSnapshot, type SnapshotSummary, type Source, type UsableSnapshot } from '../core/snapshot/types';
import type { Store } from '../store';
import { QuestionError } from './questions/errors';
import { findingsDayKey, loadSnapshotFindings } from './questions/findings';
import { boundedPromiseCache, snapshotCacheKey, SnapshotUnavailableError } from './snapshot-index';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LATEST = /^latest(?:~(\d+))?$/;

/** The source's complete and partial snapshots, newest first. */
export async function usableSnapshots(store: Store, source: Source): Promise<UsableSnapshot[]> {
  const all = await store.listSnapshots(source.id);
  return all.filter(isUsableSnapshot).sort((a, b) => b.seq - a.seq);
}

export async function requireSource(store: Store, sourceName: string): Promise<Source> {
  const source = await store.getSource(sourceName);
  if (!source) throw new SnapshotUnavailableError(`no source named "${sourceName}"`, 'not-found', 'source');
  return source;
}

/** End of the given UTC day, or undefined when `spec` is not a real YYYY-MM-DD date. */
function endOfDay(spec: string): Date | undefined {
  const m = DATE.exec(spec);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const start = new Date(Date.UTC(y, mo - 1, d));
  if (start.getUTCFullYear() !== y || start.getUTCMonth() !== mo - 1 || start.getUTCDate() !== d) return undefined;
  return new Date(start.getTime() + 24 * 60 * 60 * 1000 - 1);
}

/**
 * One snapshot of `source` from a spec: a snapshot id; a date (the last snapshot started at or
 * before the end of that day, UTC); `latest`; or `latest~N` (N snapshots before the latest).
 * Only complete and partial snapshots count; a failed one holds no data.
 */
export async function resolveSnapshotSpec(
  store: Store,
  source: Source,
  spec: string,
  list?: UsableSnapshot[],
  /** The parameter the spec came in (from, to), named by every refusal. */
  param = 'snapshot',
): Promise<UsableSnapshot> {
  const usable = list ?? (await usableSnapshots(store, source));
  const where = `source "${source.name}"`;
  if (/^[1-9][0-9]*$/.test(spec)) {
    const found = usable.find((s) => s.id === Number(spec));
    if (found) return found;
    const any = await store.getSnapshot(Number(spec));
    if (any && any.sourceId === source.id)
      throw new SnapshotUnavailableError(`snapshot ${spec} of ${where} is ${any.status}; it holds no data`, 'unavailable', param);
    throw new SnapshotUnavailableError(`${where} has no snapshot ${spec}`, 'not-found', param);
  }
  const latest = LATEST.exec(spec);
  if (latest) {
    const back = Number(latest[1] ?? '0');
    const found = usable[back];
    if (!found)
      throw new SnapshotUnavailableError(`${spec}: ${where} has only ${usable.length} complete or partial snapshot(s)`, 'not-found', param);
    return found;
  }
  const end = endOfDay(spec);
  if (end) {
    const found = usable.find((s) => s.startedAt.getTime() <= end.getTime());
    if (!found)
      throw new SnapshotUnavailableError(`${spec}: ${where} has no snapshot at or before the end of that day (UTC)`, 'not-found', param);
    return found;
  }
  throw new QuestionError('invalid', param, `"${spec}" is not a snapshot: use an id, a date (YYYY-MM-DD), latest or latest~N`);
}

export async function loadDiffSide(store: Store, snapshot: SnapshotSummary): Promise<DiffSide> {
  return { label: `snapshot ${snapshot.id}`, objects: await store.readObjects(snapshot.id), missingKinds: snapshot.missingKinds };
}

const CACHE_SIZE = 4;
const cache = new Map<string, Promise<DiffResult>>();

/** The diff of two snapshots (cached per pair). */
export function diffStoredSnapshots(store: Store, from: SnapshotSummary, to: SnapshotSummary): Promise<DiffResult> {
  const key = snapshotCacheKey(store, from.id, to.id);
  let entry = cache.get(key);
  if (!entry) {
    entry = Promise.all([loadDiffSide(store, from), loadDiffSide(store, to)]).then(([a, b]) => diffSnapshots(a, b));
    cache.set(key, entry);
    entry.catch(() => cache.delete(key));
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  }
  return entry;
}

/**
 * Findings gained and resolved between two snapshots (matched by id, highest severity first), and
 * the rules that could not be compared: a rule either side could not evaluate (a partial snapshot's
 * missing kind) has all its findings left out of both lists and is named here, so a kind read on
 * one side only never makes its findings look gained or resolved.
 */
export interface DiffFindings extends FindingsDrift {
  notEvaluated: NotEvaluated[];
}

/** A finding as a drift list shows it: the findings JSON without its evidence (the findings page shows that). */
export type FindingSummary = Pick<
  Finding,
  'id' | 'rule' | 'severity' | 'title' | 'subject' | 'object' | 'scope' | 'builtIn' | 'suppressed'
>;

/** What `diff -o json` prints and GET /api/diff answers: the snapshot diff's keys, plus `findings`. */
export type DiffAnswer = DiffResult & { findings: DiffFindings };

/** The findings drift of two evaluated sides; `labels` name the sides in notEvaluated's reasons. */
export function findingsDriftOf(before: FindingsResult, after: FindingsResult, labels: { before: string; after: string }): DiffFindings {
  const reasons = new Map<string, string[]>();
  const sides: [string, FindingsResult][] = [
    [labels.before, before],
    [labels.after, after],
  ];
  for (const [label, side] of sides)
    for (const n of side.notEvaluated) reasons.set(n.rule, [...(reasons.get(n.rule) ?? []), `${label}: ${n.reason}`]);
  const comparable = (f: Finding) => !reasons.has(f.rule);
  const drift = findingsDrift(before.findings.filter(comparable), after.findings.filter(comparable));
  return { ...drift, notEvaluated: [...reasons].map(([rule, why]) => ({ rule, reason: why.join('; ') })) };
}

const findingsCache = boundedPromiseCache<DiffFindings>(CACHE_SIZE);

/**
 * The pair's findings drift as evaluated, cached per pair; suppression marks are decided by the caller.
 * A cloud account's two sides are judged on the same day (key ages), so only what changed between the
 * snapshots drifts, and the pair is kept per day.
 */
function evaluatedFindingsDrift(
  store: Store,
  source: Source,
  from: SnapshotSummary,
  to: SnapshotSummary,
  now: Date,
): Promise<DiffFindings> {
  return findingsCache(`${snapshotCacheKey(store, from.id, to.id)}${findingsDayKey(source.kind, now)}`, async () => {
    // The findings question's own evaluation, once per snapshot (before suppressions, shared with GET /api/findings).
    const [a, b] = await Promise.all([
      loadSnapshotFindings(store, source.kind, from, now),
      loadSnapshotFindings(store, source.kind, to, now),
    ]);
    return findingsDriftOf(a, b, { before: `snapshot ${from.id}`, after: `snapshot ${to.id}` });
  });
}

/**
 * Findings gained and resolved between two snapshots of a source, each marked with the source's
 * stored suppressions in force at `now` (the server's clock, read here and never in lib/core).
 */
export async function findingsBetween(
  store: Store,
  source: Source,
  from: SnapshotSummary,
  to: SnapshotSummary,
  now: Date = new Date(),
): Promise<DiffFindings> {
  const drift = await evaluatedFindingsDrift(store, source, from, to, now);
  if (drift.gained.length === 0 && drift.resolved.length === 0) return drift;
  const suppressions = await store.suppressions.list(source.name);
  // applySuppressions marks copies: the cached findings (shared with other questions) are never changed.
  const mark = (findings: Finding[]) => applySuppressions({ findings, notEvaluated: [] }, suppressions, now).findings;
  return { gained: mark(drift.gained), resolved: mark(drift.resolved), notEvaluated: drift.notEvaluated };
}

export interface SourceDrift {
  source: Source;
  from: UsableSnapshot;
  to: UsableSnapshot;
  diff: DiffResult;
  findings: DiffFindings;
}

/** Resolves FROM and TO of a source and diffs them, findings included (suppressions as of `now`). */
export async function diffSource(
  store: Store,
  sourceName: string,
  fromSpec: string,
  toSpec: string,
  now: Date = new Date(),
): Promise<SourceDrift> {
  const source = await requireSource(store, sourceName);
  const list = await usableSnapshots(store, source);
  const from = await resolveSnapshotSpec(store, source, fromSpec, list, 'from');
  const to = await resolveSnapshotSpec(store, source, toSpec, list, 'to');
  const [diff, findings] = await Promise.all([diffStoredSnapshots(store, from, to), findingsBetween(store, source, from, to, now)]);
  return { source, from, to, diff, findings };
}
