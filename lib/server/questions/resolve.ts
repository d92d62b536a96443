import 'server-only';
// The one answer to "which source, which snapshot, and can it answer this?" for every question,
// from the CLI, the API and the pages alike. Its refusals are QuestionErrors naming the parameter:
// an RBAC question to a cloud account (or a RAM one to a cluster) is `wrong-kind`, never "nobody".
import { type SnapshotSummary, type Source, type SourceKind } from '../../core/snapshot/types';
import type { Store } from '../../store';
import { missingRbacKinds } from '../snapshot-index';
import { QuestionError } from './errors';

/** The layer a question is about: RBAC questions need a cluster, RAM/IAM ones a cloud account. */
export type Need = 'rbac' | 'cloud';

/**
 * With no source named and several of the needed kind: `only` (API, CLI) refuses and lists them,
 * so a script never silently asks the wrong one; `first` (pages) takes the first by name and the
 * page says which source answered.
 */
export type DefaultSource = 'only' | 'first';

export interface ResolveInput {
  source?: string;
  snapshotId?: number;
  need: Need;
  /** Default `only`. */
  defaultSource?: DefaultSource;
}

export interface Resolved {
  source: Source;
  snapshot: SnapshotSummary;
  /** Every source, for a page's source picker. */
  sources: Source[];
}

const KIND_OF: Record<Need, SourceKind> = { rbac: 'cluster', cloud: 'cloud-account' };
const KIND_WORDS: Record<SourceKind, string> = { cluster: 'a cluster', 'cloud-account': 'a cloud account' };
const QUESTION_WORDS: Record<Need, string> = { rbac: 'RBAC questions', cloud: 'RAM/IAM questions' };

function wrongKind(source: Source, need: Need, param: 'source' | 'snapshot', sources: Source[]): QuestionError {
  const fitting = sources.filter((s) => s.kind === KIND_OF[need]).map((s) => s.name);
  const offer = fitting.length > 0 ? ` (${KIND_WORDS[KIND_OF[need]]} source: ${fitting.join(', ')})` : '';
  return new QuestionError(
    'wrong-kind',
    param,
    `source "${source.name}" is ${KIND_WORDS[source.kind]}: ${QUESTION_WORDS[need]} need ${KIND_WORDS[KIND_OF[need]]} source${offer}`,
  );
}

async function chooseSource(store: Store, input: ResolveInput, sources: Source[]): Promise<{ source: Source; pinned?: SnapshotSummary }> {
  const kind = KIND_OF[input.need];
  if (input.source !== undefined) {
    const named = sources.find((s) => s.name === input.source);
    if (!named) throw new QuestionError('not-found', 'source', `source "${input.source}" does not exist`);
    if (named.kind !== kind) throw wrongKind(named, input.need, 'source', sources);
    return { source: named };
  }
  if (input.snapshotId !== undefined) {
    const snapshot = await store.getSnapshot(input.snapshotId);
    const owner = snapshot ? sources.find((s) => s.id === snapshot.sourceId) : undefined;
    if (!snapshot || !owner) throw new QuestionError('not-found', 'snapshot', `snapshot ${input.snapshotId} does not exist`);
    if (owner.kind !== kind) throw wrongKind(owner, input.need, 'snapshot', sources);
    return { source: owner, pinned: snapshot };
  }
  const candidates = sources.filter((s) => s.kind === kind);
  const [first] = candidates;
  if (!first) {
    const others = sources.length > 0 ? ` (there are only ${sources.map((s) => `${s.name}: ${s.kind}`).join(', ')})` : '';
    throw new QuestionError('not-found', 'source', `there is no ${kind} source yet${others}; take one with \`access-atlas snapshot\``);
  }
  if (candidates.length > 1 && (input.defaultSource ?? 'only') === 'only') {
    const names = candidates.map((s) => s.name).join(', ');
    throw new QuestionError('invalid', 'source', `source is required: there are ${candidates.length} ${kind} sources (${names})`);
  }
  return { source: first };
}

async function chooseSnapshot(store: Store, source: Source, snapshotId: number | undefined, pinned?: SnapshotSummary) {
  if (snapshotId === undefined) {
    const latest = await store.latestUsableSnapshot(source.id);
    if (!latest) throw new QuestionError('unavailable', 'source', `source "${source.name}" has no complete or partial snapshot yet`);
    return latest;
  }
  const snapshot = pinned ?? (await store.getSnapshot(snapshotId));
  if (!snapshot) throw new QuestionError('not-found', 'snapshot', `snapshot ${snapshotId} does not exist`);
  if (snapshot.sourceId !== source.id)
    throw new QuestionError('not-found', 'snapshot', `source "${source.name}" has no snapshot ${snapshotId}`);
  if (snapshot.status !== 'complete' && snapshot.status !== 'partial') {
    throw new QuestionError(
      'unavailable',
      'snapshot',
      `snapshot ${snapshot.id} of "${source.name}" is ${snapshot.status}; it holds no data`,
    );
  }
  return snapshot;
}

/** Kinds the question needs that the snapshot lacks: answering without them would be a guess. */
function lackedKinds(snapshot: SnapshotSummary, need: Need): string[] {
  const missing = need === 'rbac' ? (missingRbacKinds(snapshot) as string[]) : snapshot.missingKinds.map((m) => m.kind);
  return snapshot.missingKinds.filter((m) => missing.includes(m.kind)).map((m) => `${m.kind} (${m.reason})`);
}

/** Which source and snapshot answer this question; throws a QuestionError naming the parameter when none can. */
export async function resolveQuestion(store: Store, input: ResolveInput): Promise<Resolved> {
  const sources = await store.listSources();
  const { source, pinned } = await chooseSource(store, input, sources);
  const snapshot = await chooseSnapshot(store, source, input.snapshotId, pinned);
  const lacked = lackedKinds(snapshot, input.need);
  if (lacked.length > 0) {
    throw new QuestionError(
      'unavailable',
      'snapshot',
      `snapshot ${snapshot.id} of ${source.name} is partial and lacks ${lacked.join(', ')}: ${QUESTION_WORDS[input.need]} cannot be answered from it`,
    );
  }
  return { source, snapshot, sources };
}
