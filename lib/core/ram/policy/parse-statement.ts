// Validates and compiles one Statement (RAM ram/policy-elements; AWS "IAM JSON policy elements").
// Element names are case-sensitive (RAM: "Element names, operators and predefined values are
// case-sensitive"), so an unknown element is an error: silently ignoring a misspelt "condition"
// would turn a conditional grant into an unconditional one.
import { compileActionPattern } from './action-matches';
import { parseCondition } from './parse-condition';
import { parsePrincipal } from './principal-matches';
import { compileResourcePattern } from './resource-matches';
import type { Matcher, ParsedStatement, PatternSet, PolicyGrammar } from './types';

const ELEMENTS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition']);

export type StatementParse = { ok: true; statement: ParsedStatement; warnings: string[] } | { ok: false; error: string };

function patternList(value: unknown, field: string): string[] | string {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || !list.every((v): v is string => typeof v === 'string' && v !== '')) {
    return `${field} must be a non-empty string or a non-empty list of non-empty strings`;
  }
  return list;
}

function patternSet(value: unknown, negated: boolean, field: string, compile: (p: string) => Matcher): PatternSet | string {
  const list = patternList(value, field);
  if (typeof list === 'string') return list;
  return { negated, patterns: list, matchers: list.map(compile) };
}

/** Exactly-one-of check for a pair such as Action/NotAction; returns the present one. */
function oneOf(s: Record<string, unknown>, a: string, b: string, field: string): { name: string; negated: boolean } | undefined | string {
  const hasA = Object.hasOwn(s, a);
  const hasB = Object.hasOwn(s, b);
  if (hasA && hasB) return `${field} has both ${a} and ${b}; use exactly one`;
  if (hasA) return { name: a, negated: false };
  if (hasB) return { name: b, negated: true };
  return undefined;
}

/** Resource/NotResource and Principal/NotPrincipal; at least one of the two must be present. */
function parseTargets(
  s: Record<string, unknown>,
  field: string,
  grammar: PolicyGrammar,
  warnings: string[],
): { resource?: PatternSet; principal?: ParsedStatement['principal'] } | string {
  const res = oneOf(s, 'Resource', 'NotResource', field);
  if (typeof res === 'string') return res;
  let resource: PatternSet | undefined;
  if (res !== undefined) {
    const set = patternSet(s[res.name], res.negated, `${field}.${res.name}`, compileResourcePattern);
    if (typeof set === 'string') return set;
    resource = set;
    if (set.patterns.some((p) => p.includes('${'))) {
      warnings.push(`${field}.${res.name} uses a policy variable; it is matched literally, not substituted`);
    }
    if (res.negated && grammar === 'ram')
      warnings.push(`${field}.NotResource is undocumented for RAM (ram-semantics.md A1); evaluated as AWS defines it`);
  }
  const pri = oneOf(s, 'Principal', 'NotPrincipal', field);
  if (typeof pri === 'string') return pri;
  let principal: ParsedStatement['principal'];
  if (pri !== undefined) {
    const parsed = parsePrincipal(s[pri.name], pri.negated, grammar, `${field}.${pri.name}`);
    if (!parsed.ok) return parsed.error;
    principal = parsed.set;
    if (pri.negated && grammar === 'ram') warnings.push(`${field}.NotPrincipal is undocumented for RAM; evaluated as AWS defines it`);
  }
  if (resource === undefined && principal === undefined) return `${field} must have Resource or NotResource`;
  return { resource, principal };
}

export function parseStatement(value: unknown, index: number, grammar: PolicyGrammar): StatementParse {
  const field = `Statement[${index}]`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, error: `${field} must be an object` };
  const s = value as Record<string, unknown>;
  const unknown = Object.keys(s).find((k) => !ELEMENTS.has(k));
  if (unknown !== undefined) return { ok: false, error: `${field} has unknown element "${unknown}" (element names are case-sensitive)` };
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') return { ok: false, error: `${field}.Effect must be Allow or Deny` };
  if (s.Sid !== undefined && typeof s.Sid !== 'string') return { ok: false, error: `${field}.Sid must be a string` };
  const warnings: string[] = [];

  const act = oneOf(s, 'Action', 'NotAction', field);
  if (act === undefined) return { ok: false, error: `${field} must have Action or NotAction` };
  if (typeof act === 'string') return { ok: false, error: act };
  const action = patternSet(s[act.name], act.negated, `${field}.${act.name}`, compileActionPattern);
  if (typeof action === 'string') return { ok: false, error: action };
  for (const p of action.patterns) {
    if (p !== '*' && !p.includes(':'))
      warnings.push(`${field}.${act.name} "${p}" is not of the form service:action; it matches only that literal text`);
  }

  const targets = parseTargets(s, field, grammar, warnings);
  if (typeof targets === 'string') return { ok: false, error: targets };
  const { resource, principal } = targets;

  const statement: ParsedStatement = { index, effect: s.Effect, action, resource, principal, conditions: [], unknownOperators: [] };
  if (typeof s.Sid === 'string') statement.sid = s.Sid;
  if (s.Condition !== undefined) {
    const cond = parseCondition(s.Condition, grammar, `${field}.Condition`);
    if (!cond.ok) return cond;
    statement.condition = cond.raw;
    statement.conditions = cond.conditions;
    statement.unknownOperators = cond.unknownOperators;
    warnings.push(...cond.warnings);
  }
  return { ok: true, statement, warnings };
}
