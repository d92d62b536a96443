// The findings page's filters, as its URL carries them (so a view can be shared as a link): one
// severity, one rule, a namespace, subject text, a role the evidence passes through, and whether
// built-in and suppressed findings are shown. Parsed by the one parameter parser; applied to the
// findings the question layer answered, never recomputing them. No I/O: the page, the trend, the
// overview's counts and the severity marks all filter with these functions, so their numbers agree.
import { z } from 'zod';
import { patternText } from '../../core/findings/suppress';
import { SEVERITIES, severityRank, type Finding, type Severity } from '../../core/findings/types';
import { checkRuleIds } from '../questions/findings';
import { invalidParam, paramValues, SNAPSHOT_ID_MESSAGE, SNAPSHOT_ID_PATTERN, type RawParams } from '../questions/params';

export interface FindingsFilter {
  source?: string;
  snapshotId?: number;
  severity?: Severity;
  rule?: string;
  /** The finding's scope, or its subject's or object's namespace. */
  namespace?: string;
  /**
   * Words that must all occur in the subject's or object's `Kind namespace/name` (case-insensitive),
   * or one exact `kind/namespace/name` (as a severity mark's link gives it).
   */
  subject?: string;
  /** `kind/namespace/name` of a role the finding's evidence passes through, e.g. `ClusterRole//admin`. */
  role?: string;
  showBuiltIn: boolean;
  showSuppressed: boolean;
}

/** The page's parameters; a submitted GET form sends every field, so an empty one means "any". */
export const FINDINGS_FILTER_PARAMS = [
  'source',
  'snapshot',
  'severity',
  'rule',
  'namespace',
  'subject',
  'role',
  'builtin',
  'suppressed',
] as const;

const TEXT_LIMIT = 300;
const flag = (name: string) => z.enum(['1', 'true', '0', 'false'], { error: `${name} must be 1 or 0` }).optional();
const text = (name: string) => z.string().trim().max(TEXT_LIMIT, `${name} is at most ${TEXT_LIMIT} characters`).optional();

const filterSchema = z.strictObject({
  source: text('source'),
  snapshot: z.string().trim().regex(SNAPSHOT_ID_PATTERN, SNAPSHOT_ID_MESSAGE).optional(),
  severity: z.enum(SEVERITIES, { error: `severity must be one of ${SEVERITIES.join(', ')}` }).optional(),
  rule: text('rule'),
  namespace: text('namespace'),
  subject: text('subject'),
  role: z
    .string()
    .trim()
    .max(TEXT_LIMIT, `role is at most ${TEXT_LIMIT} characters`)
    .regex(/^(Role\/[^/]+|ClusterRole\/)\/[^/]+$/, 'role must be Role/<namespace>/<name> or ClusterRole//<name>')
    .optional(),
  builtin: flag('builtin'),
  suppressed: flag('suppressed'),
});

const isOn = (value: string | undefined) => value === '1' || value === 'true';

/** Validates the page's params; throws an `invalid` QuestionError naming the first bad one. */
export function parseFindingsFilter(raw: RawParams): FindingsFilter {
  const { single } = paramValues(raw);
  const given = Object.fromEntries(Object.entries(single).filter(([, value]) => value.trim() !== ''));
  const parsed = filterSchema.safeParse(given);
  if (!parsed.success) throw invalidParam(parsed.error);
  const p = parsed.data;
  if (p.rule !== undefined) checkRuleIds([p.rule]);
  return {
    ...(p.source !== undefined && { source: p.source }),
    ...(p.snapshot !== undefined && { snapshotId: Number(p.snapshot) }),
    ...(p.severity !== undefined && { severity: p.severity }),
    ...(p.rule !== undefined && { rule: p.rule }),
    ...(p.namespace !== undefined && { namespace: p.namespace }),
    ...(p.subject !== undefined && { subject: p.subject }),
    ...(p.role !== undefined && { role: p.role }),
    showBuiltIn: isOn(p.builtin),
    showSuppressed: isOn(p.suppressed),
  };
}

/** What the default view shows: neither built-in nor suppressed findings (the overview counts these). */
export const DEFAULT_VIEW: FindingsFilter = { showBuiltIn: false, showSuppressed: false };

/** The fields a filter reads: a finding, or the trend's compact copy of one. */
export type FilterFields = Pick<Finding, 'rule' | 'severity' | 'subject' | 'object' | 'scope' | 'builtIn' | 'suppressed'>;

/**
 * The roles a finding's evidence passes through, as `kind/namespace/name` (a Role in its binding's
 * namespace, a ClusterRole with none): the roles of its grant paths, the role whose rule it quotes,
 * and its object when that is a role.
 */
export function rolesOf(finding: Pick<Finding, 'evidence' | 'object'>): string[] {
  const roles = new Set<string>();
  for (const e of finding.evidence) {
    if (e.kind === 'grant') {
      for (const m of e.matchedBy)
        roles.add(m.role.kind === 'Role' ? `Role/${m.binding.namespace ?? ''}/${m.role.name}` : `ClusterRole//${m.role.name}`);
    } else if (e.kind === 'rule') roles.add(patternText(e.role));
  }
  const object = finding.object;
  if (object && (object.kind === 'Role' || object.kind === 'ClusterRole')) roles.add(patternText(object));
  return [...roles];
}

function partyWords(party: Finding['subject']): string {
  return party ? `${party.kind} ${party.namespace ? `${party.namespace}/` : ''}${party.name}` : '';
}

/** `kind/namespace/name`, as a mark's link spells one subject: matched exactly, not as words. */
const EXACT_PARTY = /^[^/\s]+\/[^/]*\/.+$/;

function matchesText(f: FilterFields, words: string): boolean {
  if (EXACT_PARTY.test(words)) {
    return (f.subject !== null && patternText(f.subject) === words) || (f.object !== null && patternText(f.object) === words);
  }
  const haystack = `${partyWords(f.subject)} ${partyWords(f.object)}`.toLowerCase();
  return words
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

/** Whether the built-in and suppressed toggles let a finding through. */
export function isShown(
  f: Pick<FilterFields, 'builtIn' | 'suppressed'>,
  filter: Pick<FindingsFilter, 'showBuiltIn' | 'showSuppressed'>,
): boolean {
  return (filter.showBuiltIn || f.builtIn === null) && (filter.showSuppressed || !f.suppressed);
}

/**
 * Whether a finding passes every filter (`ignoreSeverity`: all but the severity, for the counts by
 * severity, each of which is a link that sets it). `roles` are rolesOf(finding), asked only when
 * the filter names a role.
 */
export function matchesFilter(
  f: FilterFields,
  roles: () => readonly string[],
  filter: FindingsFilter,
  options: { ignoreSeverity?: boolean } = {},
): boolean {
  if (!isShown(f, filter)) return false;
  if (!options.ignoreSeverity && filter.severity !== undefined && f.severity !== filter.severity) return false;
  if (filter.rule !== undefined && f.rule !== filter.rule) return false;
  if (filter.namespace !== undefined) {
    const ns = filter.namespace;
    if (f.scope !== ns && f.subject?.namespace !== ns && f.object?.namespace !== ns) return false;
  }
  if (filter.subject !== undefined && !matchesText(f, filter.subject)) return false;
  if (filter.role !== undefined && !roles().includes(filter.role)) return false;
  return true;
}

export type SeverityCounts = Record<Severity, number>;

export function severityCounts(findings: readonly Pick<FilterFields, 'severity'>[]): SeverityCounts {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

/** The worst severity of some findings, or null for none. */
export function worstSeverity(findings: readonly Pick<FilterFields, 'severity'>[]): Severity | null {
  let worst: Severity | null = null;
  for (const f of findings) if (worst === null || severityRank(f.severity) > severityRank(worst)) worst = f.severity;
  return worst;
}
