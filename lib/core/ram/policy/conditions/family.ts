// What each condition-operator family provides: compile the policy's values once into one test,
// "does this request value match any of the policy values?", plus warnings for values it cannot read.
import type { PolicyGrammar } from '../types';

export type ValueTest = (contextValue: string) => boolean;

export interface CompiledValues {
  test: ValueTest;
  warnings: string[];
}

export interface BaseOperator {
  /** Negated operators (StringNotEquals, NotIpAddress, ...): true when NO policy value matches, and
   *  true when the key is absent (AWS "Condition operators": "...the condition returns true if the
   *  key is not present" for negated matching operators). */
  negated: boolean;
  /** Operators only AWS documents (Arn*, BinaryEquals); RAM treats them as unknown. */
  awsOnly?: boolean;
  compile: (values: readonly string[], grammar: PolicyGrammar) => CompiledValues;
}

/** "any of the compiled tests" for the common case of one test per policy value. */
export function anyOf(tests: readonly ValueTest[]): ValueTest {
  if (tests.length === 1) {
    const only = tests[0];
    if (only !== undefined) return only;
  }
  return (value) => tests.some((t) => t(value));
}
