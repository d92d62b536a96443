import 'server-only';
// The findings page's read model: the source and snapshot resolved as every question is (pages take
// the first cluster source by name and say which answered), the snapshot's findings from the one
// per-snapshot evaluation with the source's suppressions applied at the server's now, then the
// page's filter; counts by severity, the trend, and the source's suppressions with their status.
// A refusal (wrong kind, no usable snapshot, a bad parameter) is returned with its parameter, so
// the page explains it and never shows "no findings".
import { applySuppressions, CLOUD_RULES, KUBERNETES_RULES } from '../../core/findings';
import { viaText } from '../../core/findings/format';
import type { Finding, NotEvaluated, Severity } from '../../core/findings/types';
import type { SnapshotSummary, Source } from '../../core/snapshot/types';
import type { Store } from '../../store';
import { QUESTION_ERROR_STATUS, QuestionError } from '../questions/errors';
import { findingsNeed, loadSnapshotFindings } from '../questions/findings';
import type { RawParams } from '../questions/params';
import { resolveQuestion } from '../questions/resolve';
import { matchesFilter, parseFindingsFilter, rolesOf, severityCounts, type FindingsFilter, type SeverityCounts } from './filter';
import { listSuppressionsAnswer, type SuppressionView } from './suppression-api';
import { findingsTrend, type TrendPoint } from './trend';

/** A finding as the table shows it: everything but the evidence, which the finding's own page shows. */
export interface FindingRow extends Omit<Finding, 'evidence'> {
  /** The first evidence in words (binding -> role rule, or the object's field), as the CLI's VIA column. */
  via: string;
  evidenceCount: number;
}

export interface FindingsPage {
  ok: true;
  source: Source;
  sources: Source[];
  snapshot: SnapshotSummary;
  filter: FindingsFilter;
  /** The findings the filter shows, worst first. */
  rows: FindingRow[];
  /** By severity, of the findings every filter but the severity shows (each count is a link that sets it). */
  counts: SeverityCounts;
  /** Findings the other filters let through that the built-in or suppressed toggle hides, so the page can say so and offer them. */
  hidden: { builtIn: number; suppressed: number };
  /** Every finding of the snapshot, whatever the filter. */
  total: number;
  notEvaluated: NotEvaluated[];
  trend: TrendPoint[];
  suppressions: SuppressionView[];
  /** The server's clock when the page was read (ISO): suppressions' status and expiry are decided at it. */
  now: string;
  rules: { id: string; title: string; severity: Severity }[];
  /** Namespaces the snapshot's findings are in, for the namespace filter. */
  namespaces: string[];
}

export interface FindingsPageRefusal {
  ok: false;
  status: number;
  param: string;
  error: string;
  sources: Source[];
}

function toRow(finding: Finding): FindingRow {
  const { evidence, ...rest } = finding;
  return { ...rest, via: viaText(finding), evidenceCount: evidence.length };
}

function namespacesOf(findings: readonly Finding[]): string[] {
  const names = new Set<string>();
  for (const f of findings) {
    if (f.scope !== 'cluster') names.add(f.scope);
    if (f.subject?.namespace) names.add(f.subject.namespace);
    if (f.object?.namespace) names.add(f.object.namespace);
  }
  return [...names].sort();
}

/** The source's suppressions (revoked ones too) with their status at `now`, as the suppressions API lists them. */
export async function suppressionViews(store: Store, sourceName: string, now: Date): Promise<SuppressionView[]> {
  const { body } = await listSuppressionsAnswer(store, sourceName, new URLSearchParams({ includeRevoked: 'true' }), now);
  return body.suppressions as SuppressionView[];
}

export async function loadFindingsPage(store: Store, raw: RawParams, now: Date = new Date()): Promise<FindingsPage | FindingsPageRefusal> {
  try {
    const filter = parseFindingsFilter(raw);
    const resolved = await resolveQuestion(store, {
      source: filter.source,
      snapshotId: filter.snapshotId,
      need: await findingsNeed(store, filter.source, filter.snapshotId),
      defaultSource: 'first',
    });
    const { source, snapshot } = resolved;
    const [evaluated, stored, suppressions] = await Promise.all([
      loadSnapshotFindings(store, source.kind, snapshot, now),
      store.suppressions.list(source.name),
      suppressionViews(store, source.name, now),
    ]);
    const { findings } = applySuppressions(evaluated, stored, now);
    // What the list would show with one toggle turned on: the findings that toggle hides under these filters.
    const matches = (f: Finding, toggle: Partial<FindingsFilter>) => matchesFilter(f, () => rolesOf(f), { ...filter, ...toggle });
    const shownExceptSeverity = findings.filter((f) => matchesFilter(f, () => rolesOf(f), filter, { ignoreSeverity: true }));
    const rows = shownExceptSeverity.filter((f) => filter.severity === undefined || f.severity === filter.severity).map(toRow);
    const trend = await findingsTrend(store, source, filter, stored, now);
    return {
      ok: true,
      source,
      sources: resolved.sources,
      snapshot,
      filter,
      rows,
      counts: severityCounts(shownExceptSeverity),
      hidden: {
        builtIn: filter.showBuiltIn ? 0 : findings.filter((f) => f.builtIn !== null && matches(f, { showBuiltIn: true })).length,
        suppressed: filter.showSuppressed ? 0 : findings.filter((f) => f.suppressed && matches(f, { showSuppressed: true })).length,
      },
      total: findings.length,
      notEvaluated: evaluated.notEvaluated,
      trend,
      suppressions,
      now: now.toISOString(),
      rules: (source.kind === 'cloud-account' ? CLOUD_RULES : KUBERNETES_RULES).map((r) => ({
        id: r.id,
        title: r.title,
        severity: r.severity,
      })),
      namespaces: namespacesOf(findings),
    };
  } catch (error) {
    if (!(error instanceof QuestionError)) throw error;
    return {
      ok: false,
      status: QUESTION_ERROR_STATUS[error.code],
      param: error.param ?? 'query',
      error: error.message,
      sources: await store.listSources(),
    };
  }
}
