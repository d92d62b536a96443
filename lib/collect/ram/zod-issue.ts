// One zod issue as a position in a JSON document (`Users[2].UserId: expected string`), for
// bad-input messages of the cloud file importers. Pure.

import type { z } from 'zod';

export function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (issue === undefined) return 'invalid';
  return `at ${jsonPath(issue.path)}: ${issue.message}`;
}

export function jsonPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the top level';
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}
