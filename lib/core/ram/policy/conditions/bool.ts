// Bool (RAM ram/conditional-operator, e.g. acs:MFAPresent / acs:SecureTransport "true"; AWS
// "Condition operators: Boolean"). Values are "true"/"false"; compared without regard to case,
// since JSON booleans in AWS policies arrive here as the strings "true"/"false".
import type { BaseOperator } from './family';

export const BOOL_OPERATORS: Record<string, BaseOperator> = {
  Bool: {
    negated: false,
    compile: (values) => {
      const set = new Set(values.map((v) => v.toLowerCase()));
      const warnings = values.filter((v) => !/^(true|false)$/i.test(v)).map((v) => `"${v}" is not true or false; it never matches`);
      return { test: (v) => set.has(v.toLowerCase()), warnings };
    },
  },
};
