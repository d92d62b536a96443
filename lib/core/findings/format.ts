// Findings as words and table cells, for the CLI's text table and the SARIF messages: every cell
// is read from the finding and its evidence (the engine's own reasons), never recomputed. Pure.
import type { Evidence, Finding, FindingParty, FindingsResult, NotEvaluated } from './types';
import { SEVERITIES } from './types';

/** `ServiceAccount ci/deployer`, `Group system:masters`; `-` for none. */
export function partyText(party: FindingParty | null): string {
  if (party === null) return '-';
  const namespace = party.namespace ? `${party.namespace}/` : '';
  return `${party.kind} ${namespace}${party.name}`;
}

/** `cluster-wide`, `in namespace shop`, `account-wide`, `in resource group rg-1`. */
export function scopeText(scope: string): string {
  if (scope === 'cluster') return 'cluster-wide';
  if (scope === 'account') return 'account-wide';
  if (scope.startsWith('resource-group:')) return `in resource group ${scope.slice('resource-group:'.length)}`;
  return `in namespace ${scope}`;
}

/** One piece of evidence in a line: the first path of a grant, a role's rule, an object's field. */
export function evidenceText(evidence: Evidence): string {
  switch (evidence.kind) {
    case 'grant': {
      const [first] = evidence.matchedBy;
      if (first === undefined) return evidence.request;
      const binding = partyText(first.binding);
      const more = evidence.matchedBy.length > 1 ? ` (+${evidence.matchedBy.length - 1} more)` : '';
      return `${binding} -> ${first.role.kind} ${first.role.name} rule ${first.ruleIndex}${more}`;
    }
    case 'rule':
      return `${partyText(evidence.role)} rule ${evidence.ruleIndex}`;
    case 'object':
      return `${partyText(evidence.object)} ${evidence.field}`;
  }
}

/** What the finding is held by: its object, else its first evidence. */
export function viaText(finding: Finding): string {
  const [first] = finding.evidence;
  if (first !== undefined) return evidenceText(first);
  return partyText(finding.object);
}

/** `built-in: bootstrap role`, `suppressed #3 until 2027-01-01`, or ''. */
export function markText(finding: Finding): string {
  const marks: string[] = [];
  if (finding.builtIn) marks.push(`built-in: ${finding.builtIn.reason}`);
  if (finding.suppressed) {
    const by = finding.suppressedBy;
    marks.push(by ? `suppressed #${by.id} until ${by.expiresAt.slice(0, 10)} (${by.owner})` : 'suppressed');
  }
  return marks.join('; ');
}

/** One sentence: what, who, where and through what. SARIF's message.text. */
export function findingSentence(finding: Finding): string {
  const who = finding.subject ? `${partyText(finding.subject)}, ` : '';
  const object = finding.object ? ` on ${partyText(finding.object)}` : '';
  const via = finding.evidence[0] ? `; ${evidenceText(finding.evidence[0])}` : '';
  return `${finding.title}: ${who}${scopeText(finding.scope)}${object}${via}`;
}

export const FINDINGS_HEADER = ['SEVERITY', 'RULE', 'SUBJECT', 'SCOPE', 'VIA', 'NOTE'] as const;

/** The text table's rows, one per finding, in the order given. */
export function findingRows(findings: readonly Finding[]): string[][] {
  return findings.map((f) => [f.severity, f.rule, partyText(f.subject ?? f.object), f.scope, viaText(f), markText(f)]);
}

export function notEvaluatedLines(notEvaluated: readonly NotEvaluated[]): string[] {
  return notEvaluated.map((n) => `not evaluated: ${n.rule}: ${n.reason}`);
}

/** `3 findings (1 critical, 2 high), 1 suppressed, 2 built-in; 2 rules not evaluated`. */
export function findingsSummary(result: FindingsResult): string {
  const { findings } = result;
  const bySeverity = SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  const counts = bySeverity.length > 0 ? ` (${bySeverity.join(', ')})` : '';
  const parts = [`${findings.length} finding${findings.length === 1 ? '' : 's'}${counts}`];
  const suppressed = findings.filter((f) => f.suppressed).length;
  const builtIn = findings.filter((f) => f.builtIn !== null).length;
  if (suppressed > 0) parts.push(`${suppressed} suppressed`);
  if (builtIn > 0) parts.push(`${builtIn} built-in`);
  const skipped = result.notEvaluated.length;
  const tail = skipped > 0 ? `; ${skipped} rule${skipped === 1 ? '' : 's'} not evaluated` : '';
  return parts.join(', ') + tail;
}
