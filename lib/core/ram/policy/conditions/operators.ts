// Compiles one `operator: { key: values }` entry of a Condition block into a CompiledCondition.
// The operator name is split into an optional set qualifier (ForAllValues:/ForAnyValue:), a base
// operator and an optional IfExists suffix. RAM documents only the base operators of the String,
// Numeric, Date, Bool and IP families (ram-semantics.md A1), so for RAM the qualifiers, IfExists,
// Null, Arn* and BinaryEquals are unknown operators, like any misspelt name.
import type { CompiledCondition, PolicyGrammar } from '../types';
import { ARN_OPERATORS } from './arn';
import { BOOL_OPERATORS } from './bool';
import { DATE_OPERATORS } from './date';
import type { BaseOperator } from './family';
import { IP_OPERATORS } from './ip-address';
import { compileNull } from './null';
import { NUMERIC_OPERATORS } from './numeric';
import { combine, type SetQualifier } from './set-operators';
import { STRING_OPERATORS } from './string';

const BASE: Record<string, BaseOperator> = {
  ...STRING_OPERATORS,
  ...NUMERIC_OPERATORS,
  ...DATE_OPERATORS,
  ...BOOL_OPERATORS,
  ...IP_OPERATORS,
  ...ARN_OPERATORS,
};

export type CompileResult = { ok: true; condition: CompiledCondition; warnings: string[] } | { ok: false };

function splitOperator(name: string): { qualifier: SetQualifier; base: string; ifExists: boolean } | undefined {
  let rest = name;
  let qualifier: SetQualifier;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const q = rest.slice(0, colon);
    if (q !== 'ForAllValues' && q !== 'ForAnyValue') return undefined;
    qualifier = q;
    rest = rest.slice(colon + 1);
  }
  const ifExists = rest.endsWith('IfExists') && rest !== 'IfExists';
  return { qualifier, base: ifExists ? rest.slice(0, -'IfExists'.length) : rest, ifExists };
}

/** Compiles `operator` on `key`; { ok: false } when the operator is unknown for this grammar. */
export function compileCondition(operator: string, key: string, values: readonly string[], grammar: PolicyGrammar): CompileResult {
  const parts = splitOperator(operator);
  if (parts === undefined) return { ok: false };
  const { qualifier, base, ifExists } = parts;
  if (grammar === 'ram' && (qualifier !== undefined || ifExists)) return { ok: false };
  const lookupKey = key.toLowerCase();
  if (base === 'Null') {
    if (grammar === 'ram' || qualifier !== undefined || ifExists) return { ok: false };
    const { test, warnings } = compileNull(values);
    return { ok: true, condition: { operator, key, lookupKey, values, test }, warnings };
  }
  const op = Object.hasOwn(BASE, base) ? BASE[base] : undefined;
  if (op === undefined || (grammar === 'ram' && op.awsOnly === true)) return { ok: false };
  const { test, warnings } = op.compile(values, grammar);
  return {
    ok: true,
    condition: { operator, key, lookupKey, values, test: combine(test, op.negated, qualifier, ifExists) },
    warnings,
  };
}
