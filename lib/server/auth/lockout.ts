import 'server-only';
// Account lockout for local sign-in: after `lockoutAfter` wrong passwords in a row the account is
// refused for `lockoutSeconds`, whoever asks and from wherever (better-auth's rate limit counts per
// address; this counts per account, so spreading guesses over addresses does not help).
// OWASP's Authentication Cheat Sheet, "Account Lockout":
// https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#account-lockout
import { APIError } from 'better-auth/api';
import type { SessionPolicy } from './session-policy';

interface LockoutFields {
  id: string;
  disabled?: boolean | null;
  failedSignIns?: number | null;
  lockedUntil?: Date | null;
}

/** The part of better-auth's hook context this module reads and writes. */
export interface SignInHookContext {
  body?: unknown;
  context: {
    returned?: unknown;
    adapter: { findOne<T>(query: { model: string; where: { field: string; value: string }[] }): Promise<T | null> };
    internalAdapter: { updateUser(userId: string, data: Record<string, unknown>): Promise<unknown> };
  };
}

function usernameOf(ctx: SignInHookContext): string | null {
  const body = ctx.body as { username?: unknown } | undefined;
  // The username plugin compares lower-cased names (its default normalization).
  return typeof body?.username === 'string' ? body.username.trim().toLowerCase() : null;
}

async function findUser(ctx: SignInHookContext): Promise<LockoutFields | null> {
  const name = usernameOf(ctx);
  if (name === null || name === '') return null;
  return ctx.context.adapter.findOne<LockoutFields>({ model: 'user', where: [{ field: 'username', value: name }] });
}

/** Before a sign-in: refuse a disabled or locked account without checking its password. */
export async function refuseLockedSignIn(ctx: SignInHookContext, _policy: SessionPolicy, now = new Date()): Promise<void> {
  const user = await findUser(ctx);
  if (user?.disabled) throw new APIError('FORBIDDEN', { message: 'this account is disabled; an admin can enable it' });
  const until = user?.lockedUntil;
  if (until && until.getTime() > now.getTime()) {
    const minutes = Math.ceil((until.getTime() - now.getTime()) / 60_000);
    throw new APIError('TOO_MANY_REQUESTS', {
      message: `this account is locked after repeated failed sign-ins; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
    });
  }
}

function failedWithWrongPassword(returned: unknown): boolean {
  return returned instanceof APIError && returned.status === 'UNAUTHORIZED';
}

/** After a sign-in: count a wrong password (locking at the limit), or clear the count on success. */
export async function recordSignInOutcome(ctx: SignInHookContext, policy: SessionPolicy, now = new Date()): Promise<void> {
  const user = await findUser(ctx);
  if (!user) return;
  if (failedWithWrongPassword(ctx.context.returned)) {
    const failures = (user.failedSignIns ?? 0) + 1;
    const locked = failures >= policy.lockoutAfter;
    await ctx.context.internalAdapter.updateUser(user.id, {
      failedSignIns: locked ? 0 : failures,
      lockedUntil: locked ? new Date(now.getTime() + policy.lockoutSeconds * 1000) : (user.lockedUntil ?? null),
    });
  } else if (!(ctx.context.returned instanceof APIError) && ((user.failedSignIns ?? 0) > 0 || user.lockedUntil)) {
    await ctx.context.internalAdapter.updateUser(user.id, { failedSignIns: 0, lockedUntil: null });
  }
}
