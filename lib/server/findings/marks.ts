import 'server-only';
// Severity marks for the who-can results, the subject pages and the role pages: per subject and per
// role, the worst severity and the number of its unsuppressed findings in one snapshot. Read from
// the one per-snapshot evaluation (loadSnapshotFindings) with the source's suppressions applied at
// the server's now; counting is a pass over the findings, so nothing else is cached.
import { z } from 'zod';
import { applySuppressions, patternText } from '../../core/findings/suppress';
import { severityRank, type Finding, type Severity } from '../../core/findings/types';
import type { SnapshotSummary } from '../../core/snapshot/types';
import type { Store } from '../../store';
import { loadSnapshotFindings } from '../questions/findings';
import { parseParams, SNAPSHOT_ID_MESSAGE, SNAPSHOT_ID_PATTERN, type RawParams } from '../questions/params';
import { resolveQuestion, type DefaultSource } from '../questions/resolve';
import { rolesOf } from './filter';

export interface SeverityMark {
  /** The worst severity of the unsuppressed findings. */
  severity: Severity;
  /** How many unsuppressed findings. */
  count: number;
  /** How many of them are about built-in objects (the findings page hides those unless asked). */
  builtIn: number;
}

export interface FindingMarks {
  source: string;
  snapshotId: number;
  /** By the subject's `kind/namespace/name` (namespace empty when none), e.g. `User//alice`. */
  subjects: Record<string, SeverityMark>;
  /** By the role's `kind/namespace/name`: `ClusterRole//admin`, `Role/shop/editor`. */
  roles: Record<string, SeverityMark>;
}

function add(marks: Record<string, SeverityMark>, key: string, finding: Finding): void {
  const mark = marks[key];
  const builtIn = finding.builtIn === null ? 0 : 1;
  if (!mark) marks[key] = { severity: finding.severity, count: 1, builtIn };
  else {
    mark.count += 1;
    mark.builtIn += builtIn;
    if (severityRank(finding.severity) > severityRank(mark.severity)) mark.severity = finding.severity;
  }
}

/** Marks of the findings that are not suppressed: a subject by its own findings, a role by those whose evidence passes through it. */
export function marksOf(findings: readonly Finding[]): Pick<FindingMarks, 'subjects' | 'roles'> {
  const subjects: Record<string, SeverityMark> = {};
  const roles: Record<string, SeverityMark> = {};
  for (const finding of findings) {
    if (finding.suppressed) continue;
    if (finding.subject) add(subjects, patternText(finding.subject), finding);
    for (const role of rolesOf(finding)) add(roles, role, finding);
  }
  return { subjects, roles };
}

/** The marks of one usable snapshot, its source's suppressions applied at `now`. */
export async function loadFindingMarks(store: Store, snapshot: SnapshotSummary, now: Date = new Date()): Promise<FindingMarks> {
  const [evaluated, suppressions] = await Promise.all([
    // Marks are asked of clusters only (the resolver's need is rbac).
    loadSnapshotFindings(store, 'cluster', snapshot),
    store.suppressions.list(snapshot.sourceName),
  ]);
  const { findings } = applySuppressions(evaluated, suppressions, now);
  return { source: snapshot.sourceName, snapshotId: snapshot.id, ...marksOf(findings) };
}

const marksParamsSchema = z.strictObject({
  source: z.string().trim().min(1, 'source is empty: name a source or leave it out').optional(),
  snapshot: z.string().trim().regex(SNAPSHOT_ID_PATTERN, SNAPSHOT_ID_MESSAGE).optional(),
});

/** GET /api/findings/marks?source=&snapshot=: the snapshot resolved as every question is. */
export async function askFindingMarks(
  store: Store,
  raw: RawParams,
  defaultSource: DefaultSource = 'only',
  now = new Date(),
): Promise<FindingMarks> {
  const { params } = parseParams(raw, marksParamsSchema);
  const { snapshot } = await resolveQuestion(store, {
    source: params.source,
    snapshotId: params.snapshot === undefined ? undefined : Number(params.snapshot),
    need: 'rbac',
    defaultSource,
  });
  return loadFindingMarks(store, snapshot, now);
}
