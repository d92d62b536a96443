// Parses a statement's Condition block: { operator: { key: value | [values] } }. Values may be
// strings, numbers or booleans (AWS accepts JSON true/false and numbers) and are kept as strings.
// Unknown operators are NOT a parse error: the statement stays, the unknown test fails closed
// (evaluate-policies.ts), and a warning names it. AWS refuses unknown operators when a policy is
// saved ("IAM JSON policy elements: Condition operators"), and RAM documents a closed list
// (ram/conditional-operator), so one can only come from a newer grammar or a hand-written file;
// never reading it as "met" keeps a grant we cannot check from being shown as allowed.
import type { CompiledCondition, PolicyGrammar } from './types';
import { compileCondition } from './conditions/operators';

export type ConditionParse =
  | {
      ok: true;
      raw: Record<string, Record<string, string[]>>;
      conditions: CompiledCondition[];
      unknownOperators: string[];
      warnings: string[];
    }
  | { ok: false; error: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function conditionValues(value: unknown): string[] | undefined {
  const list = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const v of list) {
    const s = scalar(v);
    if (s === undefined) return undefined;
    out.push(s);
  }
  return out.length > 0 ? out : undefined;
}

export function parseCondition(block: unknown, grammar: PolicyGrammar, field: string): ConditionParse {
  if (!isRecord(block)) return { ok: false, error: `${field} must be an object of operators` };
  const raw: Record<string, Record<string, string[]>> = {};
  const conditions: CompiledCondition[] = [];
  const unknownOperators: string[] = [];
  const warnings: string[] = [];
  for (const [operator, keys] of Object.entries(block)) {
    if (!isRecord(keys)) return { ok: false, error: `${field}.${operator} must be an object of condition keys` };
    const entry: Record<string, string[]> = {};
    for (const [key, value] of Object.entries(keys)) {
      const values = conditionValues(value);
      if (values === undefined)
        return { ok: false, error: `${field}.${operator}.${key} must be a string, number, boolean or a non-empty list of them` };
      entry[key] = values;
      if (values.some((v) => v.includes('${'))) {
        warnings.push(`${field}.${operator}.${key} uses a policy variable; it is compared literally, not substituted`);
      }
      const compiled = compileCondition(operator, key, values, grammar);
      if (!compiled.ok) {
        if (!unknownOperators.includes(operator)) unknownOperators.push(operator);
        continue;
      }
      conditions.push(compiled.condition);
      warnings.push(...compiled.warnings.map((w) => `${field}.${operator}.${key}: ${w}`));
    }
    raw[operator] = entry;
  }
  for (const operator of unknownOperators) {
    warnings.push(
      `${field}: unknown operator "${operator}" for ${grammar === 'aws' ? 'AWS IAM' : 'RAM'}; the statement's condition is treated as failing closed`,
    );
  }
  return { ok: true, raw, conditions, unknownOperators, warnings };
}
