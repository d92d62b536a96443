import 'server-only';
// One finding's page: the finding (by its stable id) in a snapshot resolved as every question is,
// its rule from the catalog (rationale, references, remediation), and its evidence as the engine
// gave it, with the text of each rule a grant path names (read from the same resolved bindings the
// engine used, as the who-can view does), and the source's suppressions with their status.
import { z } from 'zod';
import { applySuppressions, cloudRuleById, ruleById, ruleInfo } from '../../core/findings';
import type { Finding, FindingParty, RuleInfo } from '../../core/findings/types';
import type { BindingRef, Match } from '../../core/rbac/types';
import type { SnapshotSummary, Source } from '../../core/snapshot/types';
import type { Store } from '../../store';
import { QUESTION_ERROR_STATUS, QuestionError } from '../questions/errors';
import { findingsNeed, loadSnapshotFindings } from '../questions/findings';
import { parseParams, SNAPSHOT_ID_MESSAGE, SNAPSHOT_ID_PATTERN, type RawParams } from '../questions/params';
import { resolveQuestion } from '../questions/resolve';
import type { PathView, RuleView } from '../questions/who-can-view';
import { loadSnapshotIndex } from '../snapshot-index';
import { suppressionViews } from './findings-page';
import type { SuppressionView } from './suppression-api';

export type EvidenceView =
  | { kind: 'grant'; request: string; paths: PathView[] }
  | { kind: 'rule'; role: FindingParty; ruleIndex: number; rule: RuleView | null; wildcards: string[] }
  | { kind: 'object'; object: FindingParty; field: string; value: string };

export interface FindingDetail {
  ok: true;
  source: Source;
  snapshot: SnapshotSummary;
  finding: Omit<Finding, 'evidence'>;
  rule: RuleInfo;
  evidence: EvidenceView[];
  suppressions: SuppressionView[];
  /** The server's clock (ISO) the suppressions were decided at. */
  now: string;
}

export interface FindingDetailRefusal {
  ok: false;
  status: number;
  param: string;
  error: string;
  /** Set when the snapshot was resolved but holds no such finding. */
  source?: string;
}

/** findingId's shape (lib/core/findings/fingerprint.ts): `f_` and hex digits. */
const FINDING_ID = /^f_[0-9a-f]{1,64}$/;

const detailParamsSchema = z.strictObject({
  source: z.string().trim().min(1, 'source is empty: name a source or leave it out').max(300).optional(),
  snapshot: z.string().trim().regex(SNAPSHOT_ID_PATTERN, SNAPSHOT_ID_MESSAGE).optional(),
});

const storedRuleSchema = z.object({
  verbs: z.array(z.string()).default([]),
  apiGroups: z.array(z.string()).default([]),
  resources: z.array(z.string()).default([]),
  resourceNames: z.array(z.string()).default([]),
  nonResourceURLs: z.array(z.string()).default([]),
});

/** The rule as evidence quotes it (the role's stored rule); null when it is not a rule's shape. */
function ruleViewOf(rule: unknown): RuleView | null {
  const parsed = storedRuleSchema.safeParse(rule);
  return parsed.success ? parsed.data : null;
}

function bindingKey(ref: BindingRef): string {
  return `${ref.kind}\u0000${ref.namespace ?? ''}\u0000${ref.name}`;
}

async function evidenceViews(store: Store, snapshot: SnapshotSummary, finding: Finding): Promise<EvidenceView[]> {
  const hasGrants = finding.evidence.some((e) => e.kind === 'grant');
  const rulesByBinding = hasGrants
    ? new Map((await loadSnapshotIndex(store, snapshot)).index.bindings.map((b) => [bindingKey(b.ref), b.rules]))
    : new Map<string, never[]>();
  const pathOf = (match: Match): PathView => ({
    ...match,
    rule: ruleViewOf(rulesByBinding.get(bindingKey(match.binding))?.[match.ruleIndex]),
  });
  return finding.evidence.map((e): EvidenceView => {
    switch (e.kind) {
      case 'grant':
        return { kind: 'grant', request: e.request, paths: e.matchedBy.map(pathOf) };
      case 'rule':
        return { kind: 'rule', role: e.role, ruleIndex: e.ruleIndex, rule: ruleViewOf(e.rule), wildcards: e.wildcards ?? [] };
      case 'object':
        return { kind: 'object', object: e.object, field: e.field, value: JSON.stringify(e.value) ?? 'null' };
    }
  });
}

export async function loadFindingDetail(
  store: Store,
  id: string,
  raw: RawParams,
  now: Date = new Date(),
): Promise<FindingDetail | FindingDetailRefusal> {
  try {
    if (!FINDING_ID.test(id))
      throw new QuestionError('invalid', 'id', 'id must be a finding id (f_ and hex digits), as the findings list links it');
    const { params } = parseParams(raw, detailParamsSchema);
    const { source, snapshot } = await resolveQuestion(store, {
      source: params.source,
      snapshotId: params.snapshot === undefined ? undefined : Number(params.snapshot),
      need: await findingsNeed(store, params.source, params.snapshot === undefined ? undefined : Number(params.snapshot)),
      defaultSource: 'first',
    });
    const [evaluated, stored, suppressions] = await Promise.all([
      loadSnapshotFindings(store, source.kind, snapshot, now),
      store.suppressions.list(source.name),
      suppressionViews(store, source.name, now),
    ]);
    const found = evaluated.findings.find((f) => f.id === id);
    if (!found) {
      return {
        ok: false,
        status: QUESTION_ERROR_STATUS['not-found'],
        param: 'id',
        error: `snapshot #${snapshot.seq ?? '?'} (id ${snapshot.id}) of ${source.name} has no finding ${id}: it may have been resolved, or be of another source or snapshot`,
        source: source.name,
      };
    }
    const [finding] = applySuppressions({ findings: [found], notEvaluated: [] }, stored, now).findings;
    const rule = ruleById(found.rule) ?? cloudRuleById(found.rule);
    if (!finding || !rule)
      throw new QuestionError('not-found', 'id', `finding ${id} names rule ${found.rule}, which the catalog does not hold`);
    const { evidence: _evidence, ...rest } = finding;
    return {
      ok: true,
      source,
      snapshot,
      finding: rest,
      rule: ruleInfo(rule),
      evidence: await evidenceViews(store, snapshot, found),
      suppressions,
      now: now.toISOString(),
    };
  } catch (error) {
    if (!(error instanceof QuestionError)) throw error;
    return { ok: false, status: QUESTION_ERROR_STATUS[error.code], param: error.param ?? 'query', error: error.message };
  }
}
