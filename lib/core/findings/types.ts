// What a finding is, for every layer and every entry point: the rules catalog's entries, the
// findings JSON (README "Findings"), suppressions and drift all use these shapes. Pure types.
import type { Match } from '../rbac/types';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Higher is worse: critical 4 … info 0. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - 1 - SEVERITIES.indexOf(severity);
}

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

/** `kubernetes` rules read a cluster snapshot; `cloud` rules a cloud account; `cross-layer` both, through links. */
export type FindingLayer = 'kubernetes' | 'cloud' | 'cross-layer';

export interface RuleReference {
  /** e.g. `CIS 5.1.2`, `Kubernetes RBAC good practices: Listing secrets`. */
  label: string;
  /** A public documentation URL, when there is one. */
  url?: string;
}

/** A catalog entry, without its check (the rules catalog in this folder holds the checks). */
export interface RuleInfo {
  /** Stable, e.g. `k8s.secrets-read`: suppressions, baselines and `--rule` name it. */
  id: string;
  layer: FindingLayer;
  severity: Severity;
  title: string;
  rationale: string;
  references: RuleReference[];
  remediation: string;
}

export interface FindingParty {
  kind: string;
  name: string;
  namespace?: string;
}

/**
 * Why the finding holds, in the engines' own terms, never prose alone. `grant`: a request the
 * subject is allowed, with every path (binding → role → rule index) that allows it. `rule`: a
 * role's rule as stored (hygiene and wildcard rules). `object`: a stored object's field that
 * makes the finding (a binding naming a missing role or ServiceAccount, a Pod's token mount).
 */
export type Evidence =
  | { kind: 'grant'; request: string; matchedBy: Match[] }
  | {
      kind: 'rule';
      role: FindingParty;
      ruleIndex: number;
      rule: unknown;
      // k8s.wildcard-rule: which lists hold a wildcard, as the engine matched them: `verbs`,
      // `apiGroups`, `resources`, or `resources */scale` for a star-slash-subresource entry.
      wildcards?: string[];
    }
  | { kind: 'object'; object: FindingParty; field: string; value: unknown };

export interface Finding {
  /** Stable fingerprint of rule + subject + object + scope (no snapshot id): what suppressions, baselines and drift match on. */
  id: string;
  rule: string;
  severity: Severity;
  title: string;
  layer: FindingLayer;
  /** The source (stored source name, or the files' label) the finding was computed from. */
  source: string;
  subject: FindingParty | null;
  object: FindingParty | null;
  /** `cluster`, a namespace, `account`, or `resource-group:<id>`. */
  scope: string;
  evidence: Evidence[];
  /** Cloud findings: true when the finding holds only if conditions the evaluation left unknown hold (the evidence names them). */
  conditional?: boolean;
  /** Bootstrap, controller or vendor objects, marked with why; never dropped. */
  builtIn: { reason: string } | null;
  /** True when an unexpired suppression matches (the suppression is in `suppressedBy`). */
  suppressed: boolean;
  suppressedBy?: SuppressionRef;
}

/** A rule the snapshot cannot answer (a kind it lacks, data a file import does not carry): never reported as passing. */
export interface NotEvaluated {
  rule: string;
  reason: string;
}

export interface FindingsResult {
  findings: Finding[];
  notEvaluated: NotEvaluated[];
}

/**
 * A decision to accept a finding for a while: a rule and a subject/object pattern, why, who owns
 * it and until when. Patterns are `*`-globs over `kind/namespace/name` (namespace empty when
 * none), e.g. `ServiceAccount/kube-system/*`; an absent pattern matches anything.
 */
export interface Suppression {
  id: number;
  rule: string;
  subjectPattern: string | null;
  objectPattern: string | null;
  /** Optional: `cluster` or one namespace, `*` for any. */
  scope: string | null;
  justification: string;
  owner: string;
  /** ISO date-time; a suppression is in force until then (exclusive). */
  expiresAt: string;
  createdAt: string;
}

export type SuppressionRef = Pick<Suppression, 'id' | 'justification' | 'owner' | 'expiresAt'>;

/** Findings between two snapshots, matched by `id`: highest severity first. */
export interface FindingsDrift {
  gained: Finding[];
  resolved: Finding[];
}
