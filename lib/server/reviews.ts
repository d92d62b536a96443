import 'server-only';
// The weekly review workflow: a review covers a period of one source (by default from where the
// last signed-off review ended, else the last 7 days), freezes its changes at creation, collects
// one verdict per change and is signed off. The findings gained and resolved over the period are
// frozen beside the changes, shown but not marked: each comes from changes the review already
// lists. Reviewer names are what the reviewer typed: there is
// no login yet, so they are a record of who said so, not an authenticated identity.
import { z } from 'zod';
import { buildReviewItems, countReviewItems, type ReviewItems } from '../core/diff';
import { SEVERITIES } from '../core/findings/types';
import type { JsonObject, SnapshotSummary, Source, UsableSnapshot } from '../core/snapshot/types';
import type { Store } from '../store';
import { REVIEW_VERDICTS, type Review, type ReviewMark, type ReviewVerdict } from '../store/reviews';
import {
  diffStoredSnapshots,
  findingsBetween,
  requireSource,
  resolveSnapshotSpec,
  usableSnapshots,
  type DiffFindings,
  type FindingSummary,
} from './drift';
import { QuestionError, type QuestionErrorCode } from './questions/errors';
import { SnapshotUnavailableError } from './snapshot-index';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** A request the review workflow refuses (unknown review or change, closed review, empty name), with its code. */
export class ReviewError extends QuestionError {
  constructor(code: QuestionErrorCode, param: string | null, message: string) {
    super(code, param, message);
    this.name = 'ReviewError';
  }
}

const subjectSchema = z.object({
  kind: z.enum(['User', 'Group', 'ServiceAccount', 'CloudUser', 'CloudGroup', 'CloudRole']),
  name: z.string(),
  namespace: z.string().optional(),
});
const partySchema = z.object({ kind: z.string(), name: z.string(), namespace: z.string().optional() });
const findingSummarySchema = z.object({
  id: z.string(),
  rule: z.string(),
  severity: z.enum(SEVERITIES),
  title: z.string(),
  subject: partySchema.nullable(),
  object: partySchema.nullable(),
  scope: z.string(),
  builtIn: z.object({ reason: z.string() }).nullable(),
  suppressed: z.boolean(),
});
/** Findings gained and resolved, as the review froze them (suppressions as of its start); absent in reviews started before findings. */
const frozenFindingsSchema = z.object({
  gained: z.array(findingSummarySchema),
  resolved: z.array(findingSummarySchema),
  notEvaluated: z.array(z.object({ rule: z.string(), reason: z.string() })),
});
const frozenSchema = z.object({
  version: z.literal(1),
  from: z.object({ id: z.number(), startedAt: z.string() }),
  to: z.object({ id: z.number(), startedAt: z.string() }),
  subjects: z.array(
    z.object({
      subject: subjectSchema,
      label: z.string(),
      score: z.number(),
      items: z.array(
        z.object({
          key: z.string(),
          direction: z.enum(['gained', 'lost']),
          grants: z.array(z.string()),
          causes: z.array(z.string()),
          score: z.number(),
          impact: z.array(z.string()),
        }),
      ),
    }),
  ),
  objects: z.array(
    z.object({
      key: z.string(),
      object: z.object({ kind: z.string(), name: z.string(), namespace: z.string() }),
      label: z.string(),
      status: z.enum(['added', 'removed', 'changed']),
      changes: z.array(z.string()),
    }),
  ),
  notices: z.array(z.string()),
  findings: frozenFindingsSchema.optional(),
});
export type FrozenChanges = z.infer<typeof frozenSchema>;
export type FrozenFindings = z.infer<typeof frozenFindingsSchema>;

export interface ReviewView {
  review: Review;
  sourceName: string;
  changes: FrozenChanges;
  marks: ReviewMark[];
  total: number;
}

/** A finding without its evidence: the review keeps what it shows; the findings page of either snapshot has the rest. */
function summaryOf(f: FindingSummary): FindingSummary {
  return {
    id: f.id,
    rule: f.rule,
    severity: f.severity,
    title: f.title,
    subject: f.subject,
    object: f.object,
    scope: f.scope,
    builtIn: f.builtIn,
    suppressed: f.suppressed,
  };
}

function freeze(from: SnapshotSummary, to: SnapshotSummary, items: ReviewItems, findings: DiffFindings): JsonObject {
  const frozen: FrozenChanges = {
    version: 1,
    from: { id: from.id, startedAt: from.startedAt.toISOString() },
    to: { id: to.id, startedAt: to.startedAt.toISOString() },
    subjects: items.subjects,
    objects: items.objects,
    notices: items.notices,
    findings: {
      gained: findings.gained.map(summaryOf),
      resolved: findings.resolved.map(summaryOf),
      notEvaluated: findings.notEvaluated,
    },
  };
  return JSON.parse(JSON.stringify(frozen)) as JsonObject;
}

function readFrozen(review: Review): FrozenChanges {
  const parsed = frozenSchema.safeParse(review.changes);
  if (!parsed.success)
    throw new ReviewError('unavailable', 'id', `review ${review.id}: stored changes are unreadable: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function changeKeys(changes: FrozenChanges): string[] {
  return [...changes.subjects.flatMap((s) => s.items.map((i) => i.key)), ...changes.objects.map((o) => o.key)];
}

export interface ReviewPeriod {
  source: Source;
  from: UsableSnapshot;
  to: UsableSnapshot;
  /** Why this period: where the last signed-off review ended, or the last 7 days. */
  reason: string;
}

/**
 * The default period of a source's next review: from the end of its last signed-off review, else
 * from the last snapshot at or before 7 days ago (the oldest one when all are newer), to the latest.
 */
export async function defaultReviewPeriod(store: Store, sourceName: string, now = new Date()): Promise<ReviewPeriod> {
  const source = await requireSource(store, sourceName);
  const usable = await usableSnapshots(store, source);
  const to = usable[0];
  if (!to) throw new SnapshotUnavailableError(`source "${sourceName}" has no complete or partial snapshot yet`);
  const last = await store.reviews.lastSignedOff(source.id);
  const ended = last ? usable.find((s) => s.id === last.toSnapshotId) : undefined;
  if (last && ended) return { source, from: ended, to, reason: `where review ${last.id} (signed off by ${last.signedOffBy ?? '?'}) ended` };
  const weekAgo = now.getTime() - WEEK_MS;
  const from = usable.find((s) => s.startedAt.getTime() <= weekAgo) ?? usable[usable.length - 1] ?? to;
  return { source, from, to, reason: 'the last 7 days (no signed-off review yet)' };
}

export interface StartReviewInput {
  sourceName: string;
  /** Snapshot specs (id, date, latest, latest~N); default: defaultReviewPeriod. */
  from?: string;
  to?: string;
  createdBy: string;
}

export async function startReview(store: Store, input: StartReviewInput, now = new Date()): Promise<Review> {
  const createdBy = input.createdBy.trim();
  if (createdBy === '') throw new ReviewError('invalid', 'createdBy', 'a review needs the name of who starts it');
  const period = await defaultReviewPeriod(store, input.sourceName, now);
  const list = await usableSnapshots(store, period.source);
  const from = input.from ? await resolveSnapshotSpec(store, period.source, input.from, list) : period.from;
  const to = input.to ? await resolveSnapshotSpec(store, period.source, input.to, list) : period.to;
  if (from.seq > to.seq)
    throw new ReviewError('invalid', 'from', `snapshot ${from.id} is newer than snapshot ${to.id}: a review runs from older to newer`);
  const [diff, findings] = await Promise.all([diffStoredSnapshots(store, from, to), findingsBetween(store, period.source, from, to, now)]);
  return store.reviews.create({
    sourceId: period.source.id,
    fromSnapshotId: from.id,
    toSnapshotId: to.id,
    createdBy,
    changes: freeze(from, to, buildReviewItems(diff), findings),
    at: now,
  });
}

async function sourceNames(store: Store): Promise<Map<number, string>> {
  return new Map((await store.listSources()).map((s) => [s.id, s.name]));
}

export async function getReviewView(store: Store, id: number): Promise<ReviewView | null> {
  const review = await store.reviews.get(id);
  if (!review) return null;
  const changes = readFrozen(review);
  const names = await sourceNames(store);
  return {
    review,
    sourceName: names.get(review.sourceId) ?? `source ${review.sourceId}`,
    changes,
    marks: await store.reviews.marks(id),
    total: changeKeys(changes).length,
  };
}

export interface ReviewListEntry {
  review: Omit<Review, 'changes'>;
  sourceName: string;
  total: number;
  marked: number;
}

export async function listReviews(store: Store): Promise<ReviewListEntry[]> {
  const names = await sourceNames(store);
  const reviews = await store.reviews.list();
  return Promise.all(
    reviews.map(async ({ changes, ...review }) => {
      const keys = new Set(changeKeys(readFrozen({ ...review, changes })));
      const marks = await store.reviews.marks(review.id);
      return {
        review,
        sourceName: names.get(review.sourceId) ?? `source ${review.sourceId}`,
        total: keys.size,
        marked: marks.filter((m) => keys.has(m.changeKey)).length,
      };
    }),
  );
}

export interface MarkInput {
  changeKey: string;
  verdict: ReviewVerdict;
  note: string;
  markedBy: string;
}

export async function markChange(store: Store, reviewId: number, input: MarkInput, now = new Date()): Promise<ReviewMark> {
  const markedBy = input.markedBy.trim();
  if (markedBy === '') throw new ReviewError('invalid', 'markedBy', "a mark needs the reviewer's name");
  if (!REVIEW_VERDICTS.includes(input.verdict)) throw new ReviewError('invalid', 'verdict', `unknown verdict "${String(input.verdict)}"`);
  const view = await getReviewView(store, reviewId);
  if (!view) throw new ReviewError('not-found', 'id', `no review with id ${reviewId}`);
  if (!changeKeys(view.changes).includes(input.changeKey))
    throw new ReviewError('not-found', 'changeKey', `review ${reviewId} has no change "${input.changeKey}"`);
  if (view.review.status !== 'open') throw new ReviewError('conflict', 'id', `review ${reviewId} is signed off; it can no longer change`);
  return store.reviews.mark(reviewId, {
    changeKey: input.changeKey,
    verdict: input.verdict,
    note: input.note.trim(),
    markedBy,
    markedAt: now,
  });
}

export async function signOffReview(store: Store, reviewId: number, by: string, comment: string, now = new Date()): Promise<Review> {
  const name = by.trim();
  if (name === '') throw new ReviewError('invalid', 'by', "signing off needs the reviewer's name");
  const review = await store.reviews.get(reviewId);
  if (!review) throw new ReviewError('not-found', 'id', `no review with id ${reviewId}`);
  if (review.status !== 'open') throw new ReviewError('conflict', 'id', `review ${reviewId} is already signed off`);
  return store.reviews.signOff(reviewId, name, comment.trim(), now);
}

/**
 * Changes no signed-off review covers, over every source: those between the end of each source's
 * last signed-off review (or its first snapshot) and its latest snapshot, counted as a review
 * would list them (one per subject and cause, plus object changes with no permission effect).
 */
export async function countUnreviewedChangesBySource(store: Store): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const source of await store.listSources()) {
    const usable = await usableSnapshots(store, source);
    const latest = usable[0];
    if (!latest) continue;
    const last = await store.reviews.lastSignedOff(source.id);
    const from = (last && usable.find((s) => s.id === last.toSnapshotId)) ?? usable[usable.length - 1];
    const count = !from || from.id === latest.id ? 0 : countReviewItems(buildReviewItems(await diffStoredSnapshots(store, from, latest)));
    out.set(source.name, count);
  }
  return out;
}

/** The sum of countUnreviewedChangesBySource: what the overview shows. */
export async function countUnreviewedChanges(store: Store): Promise<number> {
  let total = 0;
  for (const count of (await countUnreviewedChangesBySource(store)).values()) total += count;
  return total;
}
