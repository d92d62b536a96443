// Null (AWS "Condition operators: ...condition operator to check for condition key presence"):
// "true" holds when the key is absent from the request (or its value is null), "false" when present.
import type { CompiledCondition } from '../types';

export function compileNull(values: readonly string[]): { test: CompiledCondition['test']; warnings: string[] } {
  const wanted = new Set(values.map((v) => v.toLowerCase()));
  const warnings = values.filter((v) => !/^(true|false)$/i.test(v)).map((v) => `Null takes true or false, not "${v}"; it never matches`);
  return {
    test: (contextValues) => wanted.has(contextValues === undefined ? 'true' : 'false'),
    warnings,
  };
}
