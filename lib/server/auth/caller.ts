import 'server-only';
// Who is asking: the signed-in user of a session cookie, or the owner of an API token (limited to the
// token's role and sources, never more than the owner's). Resolved by better-auth on every request:
// nothing here checks a password, a session or a token itself.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Store } from '../../store';
import { authOf } from './auth';
import { decodeStoredScope, lesserRole, narrowerScope, roleSchema, type Role, type SourceScope } from './roles';
import { sessionPolicy } from './session-policy';
import { tokenGrantOf } from './tokens';

export interface Caller {
  userId: string;
  /** The username (local) or the issuer's name for the user: what reviews and suppressions record. */
  name: string;
  role: Role;
  sources: SourceScope;
  via: 'session' | 'token';
  /** The session's token (cookie callers): what the CSRF token is bound to. */
  sessionToken: string | null;
}

export interface CallerResolution {
  caller: Caller | null;
  /** Set-Cookie headers better-auth produced (a refreshed session); the response should carry them. */
  setCookies: string[];
}

interface StoredUser {
  id: string;
  name: string;
  username?: string | null;
  role?: unknown;
  sources?: string | null;
  disabled?: boolean | null;
}

function roleOf(value: unknown): Role {
  const parsed = roleSchema.safeParse(value);
  // An unknown stored role grants the least, never the most.
  return parsed.success ? parsed.data : 'viewer';
}

function bearerToken(headers: Headers): string | null {
  const value = headers.get('authorization');
  if (!value) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(value.trim());
  return match?.[1] ?? null;
}

async function tokenCaller(store: Store, token: string): Promise<Caller | null> {
  const auth = authOf(store);
  const grant = await tokenGrantOf(auth, token);
  if (!grant) return null;
  const ctx = await auth.$context;
  const user = (await ctx.internalAdapter.findUserById(grant.userId)) as StoredUser | null;
  if (!user || user.disabled) return null;
  return {
    userId: user.id,
    name: user.username ?? user.name,
    role: lesserRole(roleOf(user.role), grant.role),
    sources: narrowerScope(decodeStoredScope(user.sources), grant.sources),
    via: 'token',
    sessionToken: null,
  };
}

async function sessionCaller(store: Store, headers: Headers, now: Date): Promise<CallerResolution> {
  const auth = authOf(store);
  const result = await auth.api.getSession({ headers, returnHeaders: true });
  const setCookies = result.headers?.getSetCookie?.() ?? [];
  const found = result.response;
  if (!found) return { caller: null, setCookies };
  const user = found.user as StoredUser;
  const { session } = found;
  // The absolute limit: however active, a session ends this long after sign-in.
  if (now.getTime() - new Date(session.createdAt).getTime() > sessionPolicy().maxSeconds * 1000 || user.disabled) {
    const ctx = await auth.$context;
    await ctx.internalAdapter.deleteSession(session.token);
    return { caller: null, setCookies };
  }
  return {
    caller: {
      userId: user.id,
      name: user.username ?? user.name,
      role: roleOf(user.role),
      sources: decodeStoredScope(user.sources),
      via: 'session',
      sessionToken: session.token,
    },
    setCookies,
  };
}

/** The caller of a request: a bearer API token if one is sent (and then only it), else the session cookie. */
export async function resolveCaller(store: Store, headers: Headers, now = new Date()): Promise<CallerResolution> {
  const token = bearerToken(headers);
  if (token !== null) return { caller: await tokenCaller(store, token), setCookies: [] };
  return sessionCaller(store, headers, now);
}

/** The header a page's scripts send with every state-changing request made with the session cookie. */
export const CSRF_HEADER = 'x-csrf-token';

function csrfKey(store: Store): Promise<string> {
  return authOf(store).$context.then((ctx) => ctx.secret);
}

/** The CSRF token of a session: an HMAC of its token, so it cannot be computed without the server's secret. */
export async function csrfTokenOf(store: Store, sessionToken: string): Promise<string> {
  return createHmac('sha256', await csrfKey(store))
    .update(`csrf:${sessionToken}`)
    .digest('base64url');
}

/** True when the request carries the CSRF token of its session. */
export async function hasValidCsrfToken(store: Store, headers: Headers, sessionToken: string): Promise<boolean> {
  const sent = headers.get(CSRF_HEADER);
  if (!sent) return false;
  const expected = Buffer.from(await csrfTokenOf(store, sessionToken));
  const actual = Buffer.from(sent);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
