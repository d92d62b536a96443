// Numeric operators (RAM ram/conditional-operator; AWS "Condition operators: Numeric"). The request
// value is compared to each policy value: NumericLessThan holds when request < policy. A value that
// is not a number never matches (a policy value that is not a number is reported as a warning).
import type { BaseOperator, CompiledValues, ValueTest } from './family';
import { anyOf } from './family';

type Compare = (request: number, policy: number) => boolean;

function parseNumber(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function numeric(compare: Compare): (values: readonly string[]) => CompiledValues {
  return (values) => {
    const warnings: string[] = [];
    const tests: ValueTest[] = [];
    for (const raw of values) {
      const policy = parseNumber(raw);
      if (policy === undefined) {
        warnings.push(`"${raw}" is not a number; it never matches`);
        continue;
      }
      tests.push((v) => {
        const request = parseNumber(v);
        return request !== undefined && compare(request, policy);
      });
    }
    return { test: anyOf(tests.length > 0 ? tests : [() => false]), warnings };
  };
}

export const NUMERIC_OPERATORS: Record<string, BaseOperator> = {
  NumericEquals: { negated: false, compile: numeric((a, b) => a === b) },
  NumericNotEquals: { negated: true, compile: numeric((a, b) => a === b) },
  NumericLessThan: { negated: false, compile: numeric((a, b) => a < b) },
  NumericLessThanEquals: { negated: false, compile: numeric((a, b) => a <= b) },
  NumericGreaterThan: { negated: false, compile: numeric((a, b) => a > b) },
  NumericGreaterThanEquals: { negated: false, compile: numeric((a, b) => a >= b) },
};
