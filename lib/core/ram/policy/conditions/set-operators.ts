// How one operator's value test combines with the request's values of one key
// (AWS "Multivalued context keys" and "Condition operators"; RAM ram/conditional-operator).
//
// - No qualifier: the key holds when ANY request value matches ANY policy value; for a negated
//   operator when NONE does. Absent key: false, but true for a negated operator (AWS: "...returns
//   true if the key is not present"; used for RAM too, per the agreed API).
// - ForAnyValue: at least one request value matches (negated: at least one request value matches
//   no policy value). Absent key: false.
// - ForAllValues: every request value matches (negated: no request value matches). Absent key:
//   TRUE, the documented trap ("returns true if there are no keys in the request").
// - ...IfExists: an absent key makes the condition true; otherwise as without the suffix.
import type { CompiledCondition } from '../types';
import type { ValueTest } from './family';

export type SetQualifier = 'ForAllValues' | 'ForAnyValue' | undefined;

export function combine(test: ValueTest, negated: boolean, qualifier: SetQualifier, ifExists: boolean): CompiledCondition['test'] {
  const absent = ifExists || qualifier === 'ForAllValues' ? true : qualifier === 'ForAnyValue' ? false : negated;
  const holds = negated ? (v: string) => !test(v) : test;
  if (qualifier === 'ForAllValues') return (values) => (values === undefined ? absent : values.every(holds));
  if (qualifier === 'ForAnyValue') return (values) => (values === undefined ? absent : values.some(holds));
  if (negated) return (values) => (values === undefined ? absent : !values.some(test));
  return (values) => (values === undefined ? absent : values.some(test));
}
