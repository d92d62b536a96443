// The RAM / AWS IAM policy engine: parse a document once, evaluate it against requests.
// Semantics in lib/core/ram/ram-semantics.md A1 (RAM) and A6 (AWS).
export type {
  CompiledCondition,
  ConditionOutcome,
  Decision,
  Evaluation,
  EvaluationRequest,
  NamedPolicy,
  ParsedPolicy,
  ParsedStatement,
  PolicyGrammar,
  PolicyParseResult,
  PrincipalType,
  RequestContext,
  StatementOutcome,
} from './types';
export { parsePolicy } from './parse-policy';
export { evaluatePolicies, conditionOutcome, decide, statementApplies } from './evaluate-policies';
export { actionMatches } from './action-matches';
export { resourceMatches } from './resource-matches';
export { principalMatches, accountOf } from './principal-matches';
export { contextFromPairs, contextValues } from './context';
export { wildcardMatches } from './wildcard';
