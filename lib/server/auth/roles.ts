// Who may do what in the dashboard itself. Three roles, each including the one before it:
// a viewer reads what it may see, a reviewer also marks and signs off reviews, suppresses findings
// and exports evidence, an admin also manages sources, credentials, schedules, webhooks and users.
// A user (and each of their API tokens) may also be limited to some sources.
import { z } from 'zod';

/** User names: lower-case, as better-auth's username plugin normalizes them; what reviews and suppressions record. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;

export const ROLES = ['viewer', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

/** What a route, page or action asks of its caller: a role, or nothing (sign-in, setup, health). */
export type Requirement = Role | 'public';

/** True when `held` includes everything `needed` may do. */
export function roleAtLeast(held: Role, needed: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}

/** The lesser of two roles: an API token never holds more than its owner. */
export function lesserRole(a: Role, b: Role): Role {
  return ROLES.indexOf(a) <= ROLES.indexOf(b) ? a : b;
}

/** The sources a caller may see: every one (null) or these names. */
export type SourceScope = readonly string[] | null;

/** The narrower of two scopes: a token limited to A,B of a user limited to B,C sees B. */
export function narrowerScope(a: SourceScope, b: SourceScope): SourceScope {
  if (a === null) return b;
  if (b === null) return a;
  return a.filter((name) => b.includes(name));
}

export function scopeIncludes(scope: SourceScope, sourceName: string): boolean {
  return scope === null || scope.includes(sourceName);
}

/** `A,B` as typed on the CLI or stored: names trimmed, empty ones dropped, duplicates once. */
export function parseSourceList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ];
}

const storedScopeSchema = z.array(z.string().min(1)).nullable();

/** The user's stored `sources` column: NULL (every source) or a JSON array of names. */
export function decodeStoredScope(value: string | null | undefined): SourceScope {
  if (value === null || value === undefined || value === '') return null;
  // A column that does not decode limits the user to nothing rather than to everything.
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return [];
  }
  const parsed = storedScopeSchema.safeParse(json);
  return parsed.success ? parsed.data : [];
}

export function encodeStoredScope(scope: SourceScope): string | null {
  return scope === null ? null : JSON.stringify([...scope]);
}
