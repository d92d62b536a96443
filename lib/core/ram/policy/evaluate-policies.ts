// evaluatePolicies: one policy set's decision for one request (RAM doc ram/policy-evaluation-process;
// AWS "Policy evaluation logic"): any matching Deny whose conditions are met -> ExplicitDeny;
// otherwise any matching Allow whose conditions are met -> Allow; otherwise ImplicitDeny.
// Every matching statement is reported with its condition outcome, so the verdict explains itself.
import { principalMatches } from './principal-matches';
import { contextValues } from './context';
import type {
  ConditionOutcome,
  Evaluation,
  EvaluationRequest,
  NamedPolicy,
  ParsedStatement,
  PatternSet,
  PolicyGrammar,
  RequestContext,
  StatementOutcome,
} from './types';

function setMatches(set: PatternSet, value: string): boolean {
  let hit = false;
  for (const m of set.matchers) {
    if (m(value)) {
      hit = true;
      break;
    }
  }
  return set.negated ? !hit : hit;
}

/** Action/NotAction, Resource/NotResource and Principal/NotPrincipal all admit the request. */
export function statementApplies(s: ParsedStatement, lowerAction: string, request: EvaluationRequest): boolean {
  if (!setMatches(s.action, lowerAction)) return false;
  // No Resource element: a trust policy, which applies to the role that carries it.
  if (s.resource !== undefined && !setMatches(s.resource, request.resource)) return false;
  return s.principal === undefined || principalMatches(s.principal, request.principal);
}

/**
 * The statement's conditions against the context. All operators and all keys must hold (AND).
 * An operator this engine does not know (parse-condition.ts) fails closed: it never holds for an
 * Allow and always holds for a Deny, so an unreadable condition can neither grant nor lift a deny.
 */
export function conditionOutcome(s: ParsedStatement, context: RequestContext | undefined): ConditionOutcome {
  if (s.unknownOperators.length > 0 && s.effect === 'Allow') return 'not-met';
  if (s.conditions.length === 0) return 'met';
  if (context === undefined) return 'unknown';
  for (const c of s.conditions) {
    if (!c.test(contextValues(context, c.lookupKey))) return 'not-met';
  }
  return 'met';
}

function outcomeOf(policy: NamedPolicy, s: ParsedStatement, conditions: ConditionOutcome): StatementOutcome {
  const out: StatementOutcome = { policy: policy.name, index: s.index, effect: s.effect, conditions };
  if (policy.type !== undefined) out.policyType = policy.type;
  if (policy.version !== undefined) out.version = policy.version;
  if (s.sid !== undefined) out.sid = s.sid;
  if (s.condition !== undefined) out.condition = s.condition;
  return out;
}

/** The decision from the statement outcomes; unknown conditions count as not met. */
export function decide(statements: readonly StatementOutcome[]): Evaluation {
  let deny = false;
  let allow = false;
  let unknownDeny = false;
  let unknownAllow = false;
  for (const s of statements) {
    if (s.effect === 'Deny') {
      if (s.conditions === 'met') deny = true;
      else if (s.conditions === 'unknown') unknownDeny = true;
    } else if (s.conditions === 'met') allow = true;
    else if (s.conditions === 'unknown') unknownAllow = true;
  }
  const decision = deny ? 'ExplicitDeny' : allow ? 'Allow' : 'ImplicitDeny';
  // Conditional: an unknown condition could flip allowed <-> not allowed. Under an explicit deny
  // nothing can; under an Allow only an unknown Deny can; under an implicit deny only an unknown Allow.
  const conditional = decision === 'Allow' ? unknownDeny : decision === 'ImplicitDeny' ? unknownAllow : false;
  return { decision, statements: [...statements], conditional };
}

export function evaluatePolicies(policies: readonly NamedPolicy[], request: EvaluationRequest, grammar: PolicyGrammar): Evaluation {
  const lowerAction = request.action.toLowerCase();
  const matched: StatementOutcome[] = [];
  for (const policy of policies) {
    // Mixing grammars would evaluate a document by rules it was not written for: a caller bug.
    if (policy.policy.grammar !== grammar) {
      throw new Error(`policy "${policy.name}" was parsed with the ${policy.policy.grammar} grammar, evaluated as ${grammar}`);
    }
    for (const s of policy.policy.statements) {
      if (statementApplies(s, lowerAction, request)) matched.push(outcomeOf(policy, s, conditionOutcome(s, request.context)));
    }
  }
  return decide(matched);
}
