// The RAM / AWS IAM policy engine: parse a document once, evaluate it against requests.
// API agreed in /work/briefs/ram-api.md; semantics in ram-semantics.md A1 and A6.
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
