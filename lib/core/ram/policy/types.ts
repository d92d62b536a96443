// The RAM / IAM policy engine's types: the public API plus the engine's validated,
// pre-compiled form of a document (ParsedPolicy), built once by parsePolicy and evaluated many times.
import type { PolicyGrammar } from '../model';

export type { PolicyGrammar };

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
export type ConditionOutcome = 'met' | 'not-met' | 'unknown';

/** Request context: key -> values. A key absent from a given context is ABSENT. */
export type RequestContext = ReadonlyMap<string, readonly string[]>;

export type PrincipalType = 'RAM' | 'AWS' | 'Service' | 'Federated' | 'CanonicalUser' | '*';

export interface EvaluationRequest {
  action: string;
  resource: string;
  /** undefined = unknown request context (who-can): conditions evaluate to 'unknown'. */
  context?: RequestContext;
  /** The caller, matched against a trust/resource policy's Principal. */
  principal?: { type: PrincipalType; id: string };
}

/** A compiled wildcard test (see wildcard.ts). */
export type Matcher = (value: string) => boolean;

/** Action/NotAction or Resource/NotResource: the patterns as written plus their compiled tests. */
export interface PatternSet {
  negated: boolean;
  patterns: readonly string[];
  matchers: readonly Matcher[];
}

/** Principal/NotPrincipal. `any` is the bare "*" form; entries are grouped by principal type. */
export interface PrincipalSet {
  negated: boolean;
  any: boolean;
  entries: readonly { type: PrincipalType; id: string }[];
}

/** One condition test: operator applied to one key with the values written in the policy. */
export interface CompiledCondition {
  operator: string;
  key: string;
  /** Lower-cased key, for the case-insensitive context lookup (AWS: key names are not case-sensitive). */
  lookupKey: string;
  values: readonly string[];
  test: (contextValues: readonly string[] | undefined) => boolean;
}

export interface ParsedStatement {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  action: PatternSet;
  /** undefined: the statement names no Resource (trust policies): it applies to the policy's own resource. */
  resource?: PatternSet;
  principal?: PrincipalSet;
  /** The Condition block as written, values as strings; undefined when absent. */
  condition?: Record<string, Record<string, string[]>>;
  conditions: readonly CompiledCondition[];
  /** Operators this engine does not know: the statement's conditions fail closed (see evaluate-policies.ts). */
  unknownOperators: readonly string[];
}

export interface ParsedPolicy {
  grammar: PolicyGrammar;
  version?: string;
  statements: readonly ParsedStatement[];
}

export interface NamedPolicy {
  name: string;
  /** 'System' | 'Custom' | 'AWS' | 'Customer' | 'Inline' | 'Trust' | 'Boundary' | 'File' */
  type?: string;
  version?: string;
  policy: ParsedPolicy;
}

export interface StatementOutcome {
  policy: string;
  policyType?: string;
  version?: string;
  /** Statement index in the document (0-based). */
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  /** 'met' when the statement has no Condition. */
  conditions: ConditionOutcome;
  /** The statement's Condition block as written, so a conditional grant can be shown. */
  condition?: Record<string, Record<string, string[]>>;
}

export interface Evaluation {
  decision: Decision;
  /** Statements whose Action/NotAction, Resource/NotResource (and Principal/NotPrincipal) match the request. */
  statements: StatementOutcome[];
  /**
   * True only when context is unknown and some matching statement's conditions are 'unknown' in a way
   * that could change whether access is allowed. decision is then the decision when every unknown
   * condition is NOT met.
   */
  conditional: boolean;
}

export type PolicyParseResult = { ok: true; policy: ParsedPolicy; warnings: string[] } | { ok: false; error: string };
