// The Kubernetes findings of one snapshot: every rule of the catalog (or the ones asked for) run
// over the snapshot's index, completed into findings with their id, severity, source and
// built-in mark. A rule whose inputs the snapshot lacks is listed in notEvaluated with why, and
// produces no findings: a missing kind must never read as "nothing found". Pure: no clock, no I/O.

import type { AuthzIndex } from '../rbac/authz-index';
import { compareStrings } from '../rbac/match-order';
import { builtInMarker } from './builtin';
import { KUBERNETES_RULES, type CheckContext, type FindingRule } from './catalog';
import { findingId } from './fingerprint';
import type { ServiceAccountSecrets } from './token-hygiene';
import type { FindingDraft } from './probes';
import { severityRank, type Finding, type FindingParty, type FindingsResult, type NotEvaluated, type RuleInfo } from './types';

export interface ClusterFindingsInput {
  /** The stored source's name, or the files' label: copied into every finding. */
  source: string;
  index: AuthzIndex;
  /** Kinds the snapshot could not read (CollectedSnapshot.missingKinds' kinds, e.g. `Pod`). */
  missingKinds: readonly string[];
  /** Rule ids to run (default: all). Ids outside the Kubernetes catalog are left to the other layers' evaluators. */
  rules?: readonly string[];
  /** ServiceAccounts' `secrets` lists (serviceAccountSecretsOf); without them k8s.legacy-sa-token is not evaluated. */
  serviceAccountSecrets?: readonly ServiceAccountSecrets[];
}

function partyKey(p: FindingParty | null): string {
  return p === null ? '\uffff' : `${p.kind}\u0000${p.namespace ?? ''}\u0000${p.name}`;
}

/** Worst severity first, then rule id, subject, scope and object; the id breaks what is left. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    compareStrings(a.rule, b.rule) ||
    compareStrings(partyKey(a.subject), partyKey(b.subject)) ||
    compareStrings(a.scope, b.scope) ||
    compareStrings(partyKey(a.object), partyKey(b.object)) ||
    compareStrings(a.id, b.id)
  );
}

/**
 * One rule's draft completed into a finding: its stable id, the rule's severity, title and layer,
 * the source, and the built-in mark (cloud rules mark none). Both layers' evaluators use it.
 */
export function findingOf(
  rule: RuleInfo,
  source: string,
  draft: FindingDraft & { conditional?: boolean },
  builtIn: Finding['builtIn'],
): Finding {
  return {
    id: findingId(rule.id, draft.subject, draft.object, draft.scope),
    rule: rule.id,
    severity: rule.severity,
    title: rule.title,
    layer: rule.layer,
    source,
    subject: draft.subject,
    object: draft.object,
    scope: draft.scope,
    evidence: draft.evidence,
    builtIn,
    suppressed: false,
    ...(draft.conditional ? { conditional: true } : {}),
  };
}

function whyNotEvaluated(rule: FindingRule, missing: ReadonlySet<string>, ctx: CheckContext): string | undefined {
  const lacking = rule.reads.filter((kind) => missing.has(kind));
  if (lacking.length > 0) return `the snapshot lacks ${lacking.join(', ')}`;
  return rule.unavailable?.(ctx);
}

export function evaluateClusterFindings(input: ClusterFindingsInput): FindingsResult {
  const wanted = input.rules === undefined ? undefined : new Set(input.rules);
  const missing = new Set(input.missingKinds);
  const ctx: CheckContext =
    input.serviceAccountSecrets === undefined
      ? { index: input.index }
      : { index: input.index, serviceAccountSecrets: input.serviceAccountSecrets };
  const markBuiltIn = builtInMarker(input.index);
  const findings: Finding[] = [];
  const notEvaluated: NotEvaluated[] = [];
  for (const rule of KUBERNETES_RULES) {
    if (wanted && !wanted.has(rule.id)) continue;
    const reason = whyNotEvaluated(rule, missing, ctx);
    if (reason !== undefined) {
      notEvaluated.push({ rule: rule.id, reason });
      continue;
    }
    for (const draft of rule.check(ctx)) findings.push(findingOf(rule, input.source, draft, markBuiltIn(draft)));
  }
  return { findings: findings.sort(compareFindings), notEvaluated };
}
