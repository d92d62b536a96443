// Action matching: `<service>:<action>` is case-insensitive (RAM: "generally not case-sensitive";
// AWS: "action names are not case-sensitive"), with `*` and `?` wildcards (wildcard.ts).
// Patterns are lower-cased once at parse time; the action once per request.
import type { Matcher } from './types';
import { compileWildcard } from './wildcard';

/** Compiled test for an Action/NotAction pattern; call it with a lower-cased action. */
export function compileActionPattern(pattern: string): Matcher {
  return compileWildcard(pattern.toLowerCase());
}

export function actionMatches(pattern: string, action: string): boolean {
  return compileActionPattern(pattern)(action.toLowerCase());
}
