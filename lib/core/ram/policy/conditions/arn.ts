// ARN operators (AWS "Condition operators: Amazon Resource Name"): ArnEquals and ArnLike behave the
// same: "Each of the six colon-delimited components of the ARN is checked separately and each can
// include multi-character match wildcards (*) or single-character match wildcards (?)",
// case-sensitive. Not documented for RAM.
import { compileWildcard } from '../wildcard';
import type { BaseOperator, CompiledValues, ValueTest } from './family';
import { anyOf } from './family';

/** The six components: arn, partition, service, region, account, resource (the rest, colons kept). */
export function arnComponents(arn: string): string[] | undefined {
  const parts = arn.split(':');
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

function arnCompile(values: readonly string[]): CompiledValues {
  const warnings: string[] = [];
  const tests: ValueTest[] = [];
  for (const raw of values) {
    const parts = arnComponents(raw);
    if (parts === undefined) {
      // A bare "*" is the one non-ARN pattern that still matches every ARN.
      if (raw === '*') tests.push((v) => arnComponents(v) !== undefined);
      else warnings.push(`"${raw}" is not an ARN; it never matches`);
      continue;
    }
    const matchers = parts.map(compileWildcard);
    tests.push((v) => {
      const got = arnComponents(v);
      return got !== undefined && matchers.every((m, i) => m(got[i] ?? ''));
    });
  }
  return { test: anyOf(tests.length > 0 ? tests : [() => false]), warnings };
}

export const ARN_OPERATORS: Record<string, BaseOperator> = {
  ArnEquals: { negated: false, awsOnly: true, compile: arnCompile },
  ArnLike: { negated: false, awsOnly: true, compile: arnCompile },
  ArnNotEquals: { negated: true, awsOnly: true, compile: arnCompile },
  ArnNotLike: { negated: true, awsOnly: true, compile: arnCompile },
};
