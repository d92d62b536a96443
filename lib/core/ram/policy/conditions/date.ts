// Date operators (RAM ram/conditional-operator: ISO 8601; AWS "Condition operators: Date": ISO 8601
// or epoch seconds). Times are compared as instants, so time zones are normalized; a date-time
// without a zone is read as UTC (RAM examples write `2019-08-12T11:00:00+08:00` or `...Z`).
import type { PolicyGrammar } from '../types';
import type { BaseOperator, CompiledValues, ValueTest } from './family';
import { anyOf } from './family';

type Compare = (request: number, policy: number) => boolean;

const ISO = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Milliseconds since the epoch, or undefined when the text is not an ISO 8601 (or AWS epoch) time. */
export function parseDate(text: string, grammar: PolicyGrammar): number | undefined {
  const t = text.trim();
  if (grammar === 'aws' && /^\d+$/.test(t)) return Number(t) * 1000;
  const m = ISO.exec(t);
  if (m === null) return undefined;
  const [, day, time, zone] = m;
  let iso = time === undefined ? `${day}T00:00:00Z` : `${day}T${time}${zone ?? 'Z'}`;
  iso = iso.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

function date(compare: Compare): (values: readonly string[], grammar: PolicyGrammar) => CompiledValues {
  return (values, grammar) => {
    const warnings: string[] = [];
    const tests: ValueTest[] = [];
    for (const raw of values) {
      const policy = parseDate(raw, grammar);
      if (policy === undefined) {
        warnings.push(`"${raw}" is not an ISO 8601 date${grammar === 'aws' ? ' or epoch seconds' : ''}; it never matches`);
        continue;
      }
      tests.push((v) => {
        const request = parseDate(v, grammar);
        return request !== undefined && compare(request, policy);
      });
    }
    return { test: anyOf(tests.length > 0 ? tests : [() => false]), warnings };
  };
}

export const DATE_OPERATORS: Record<string, BaseOperator> = {
  DateEquals: { negated: false, compile: date((a, b) => a === b) },
  DateNotEquals: { negated: true, compile: date((a, b) => a === b) },
  DateLessThan: { negated: false, compile: date((a, b) => a < b) },
  DateLessThanEquals: { negated: false, compile: date((a, b) => a <= b) },
  DateGreaterThan: { negated: false, compile: date((a, b) => a > b) },
  DateGreaterThanEquals: { negated: false, compile: date((a, b) => a >= b) },
};
