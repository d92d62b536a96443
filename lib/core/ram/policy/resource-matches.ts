// Resource matching: `acs:<service>:<region>:<account>:<relative-id>` (RAM) or an AWS ARN, matched
// case-sensitively as one string with `*` and `?` (ram-semantics.md A1; AWS "IAM JSON policy
// elements: Resource": "You can use wildcard characters (* and ?) within any ARN segment").
import type { Matcher } from './types';
import { compileWildcard } from './wildcard';

export function compileResourcePattern(pattern: string): Matcher {
  return compileWildcard(pattern);
}

export function resourceMatches(pattern: string, resource: string): boolean {
  return compileResourcePattern(pattern)(resource);
}
