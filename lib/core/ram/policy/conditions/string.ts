// String operators (RAM "Condition operators" doc ram/conditional-operator; AWS "IAM JSON policy
// elements: Condition operators"): Equals/NotEquals are case-sensitive, the IgnoreCase forms are
// not, Like/NotLike take `*` and `?` and are case-sensitive. BinaryEquals (AWS) compares the
// base64 text byte for byte, which is string equality.
import { compileWildcard } from '../wildcard';
import type { BaseOperator } from './family';
import { anyOf } from './family';

const equals: BaseOperator['compile'] = (values) => {
  const set = new Set(values);
  return { test: (v) => set.has(v), warnings: [] };
};

const equalsIgnoreCase: BaseOperator['compile'] = (values) => {
  const set = new Set(values.map((v) => v.toLowerCase()));
  return { test: (v) => set.has(v.toLowerCase()), warnings: [] };
};

const like: BaseOperator['compile'] = (values) => ({ test: anyOf(values.map(compileWildcard)), warnings: [] });

export const STRING_OPERATORS: Record<string, BaseOperator> = {
  StringEquals: { negated: false, compile: equals },
  StringNotEquals: { negated: true, compile: equals },
  StringEqualsIgnoreCase: { negated: false, compile: equalsIgnoreCase },
  StringNotEqualsIgnoreCase: { negated: true, compile: equalsIgnoreCase },
  StringLike: { negated: false, compile: like },
  StringNotLike: { negated: true, compile: like },
  BinaryEquals: { negated: false, awsOnly: true, compile: equals },
};
