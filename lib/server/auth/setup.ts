import 'server-only';
// The first admin of an empty installation. With no user yet, the server makes a one-time setup
// token (random, 256 bits; only its SHA-256 is stored), valid for SETUP_TTL_MS and for one use, and
// prints a link carrying it in the URL fragment (never sent to a server or written to an access log)
// when it listens on the loopback interface only. Opening the link lets whoever holds it choose the
// first admin's name and password; the token is then gone. There is never a default password.
// Elsewhere (a container, a shared host) the first admin is added with `access-atlas users add`.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../../store';
import { authOf } from './auth';
import { addUser, countUsers, UserError, type UserInfo } from './users';

const SETUP_IDENTIFIER = 'access-atlas:first-admin-setup';
export const SETUP_TTL_MS = 60 * 60 * 1000;

interface StoredVerification {
  id: string;
  value: string;
  expiresAt: Date;
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** A new setup token when there is no user yet (replacing any earlier one); null once there is one. */
export async function createSetupToken(store: Store, now = new Date()): Promise<string | null> {
  if ((await countUsers(store)) > 0) return null;
  const ctx = await authOf(store).$context;
  await ctx.adapter.deleteMany({ model: 'verification', where: [{ field: 'identifier', value: SETUP_IDENTIFIER }] });
  const token = randomBytes(32).toString('base64url');
  await ctx.internalAdapter.createVerificationValue({
    identifier: SETUP_IDENTIFIER,
    value: digest(token),
    expiresAt: new Date(now.getTime() + SETUP_TTL_MS),
  });
  return token;
}

/** Whether a first admin may still be set up (no user yet). */
export async function needsSetup(store: Store): Promise<boolean> {
  return (await countUsers(store)) === 0;
}

/** Uses the token (once) to add the first admin; refused naming `token` when it is wrong, used or expired. */
export async function completeSetup(store: Store, token: string, name: string, password: string, now = new Date()): Promise<UserInfo> {
  const ctx = await authOf(store).$context;
  const stored = await ctx.adapter.findMany<StoredVerification>({
    model: 'verification',
    where: [{ field: 'identifier', value: SETUP_IDENTIFIER }],
  });
  const sent = Buffer.from(digest(token));
  const match = stored.find((v) => {
    const expected = Buffer.from(v.value);
    return expected.length === sent.length && timingSafeEqual(expected, sent);
  });
  if (!match || new Date(match.expiresAt).getTime() <= now.getTime()) {
    throw new UserError(
      'token',
      'the setup link is wrong, used or expired: restart the server for a new one, or use `access-atlas users add`',
    );
  }
  if ((await countUsers(store)) > 0) throw new UserError('token', 'the first admin is already set up: sign in');
  // Used once, whatever happens next: a second request with it finds nothing.
  await ctx.adapter.delete({ model: 'verification', where: [{ field: 'id', value: match.id }] });
  return addUser(store, { name, role: 'admin', sources: null, password });
}

/** True when every address the server listens on is loopback, so a printed link is only usable from this machine. */
export function listensOnLoopbackOnly(host: string | undefined): boolean {
  const h = (host ?? '127.0.0.1').trim().toLowerCase();
  return h === '127.0.0.1' || h === 'localhost' || h === '::1' || h === '[::1]';
}
