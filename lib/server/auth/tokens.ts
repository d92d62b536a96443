import 'server-only';
// API tokens for the CLI and automation, made and checked by better-auth's API key plugin
// (https://www.better-auth.com/docs/plugins/api-key): only the token's SHA-256 is stored, with its
// owner, its last use and, in its metadata, the role and sources it is limited to. A token never
// holds more than its owner does now (caller.ts takes the lesser of the two at every use), and a
// revoked token stays listed, disabled, so an auditor can see it existed.
import { z } from 'zod';
import type { Auth } from './auth';
import { roleSchema, type Role, type SourceScope } from './roles';

const grantSchema = z.object({ role: roleSchema, sources: z.array(z.string()).nullable() });

export interface TokenGrant {
  userId: string;
  role: Role;
  sources: SourceScope;
}

export interface TokenInfo {
  id: string;
  name: string;
  /** The first characters of the token, to recognise it; never the whole token. */
  start: string | null;
  role: Role;
  sources: SourceScope;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revoked: boolean;
}

interface StoredKey {
  id: string;
  name?: string | null;
  start?: string | null;
  referenceId: string;
  enabled?: boolean | null;
  metadata?: unknown;
  createdAt: Date;
  lastRequest?: Date | null;
  expiresAt?: Date | null;
}

function grantOfMetadata(metadata: unknown): { role: Role; sources: SourceScope } | null {
  let value = metadata;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  const parsed = grantSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The owner and limits of a valid, enabled, unexpired token; null for any other. */
export async function tokenGrantOf(auth: Auth, token: string): Promise<TokenGrant | null> {
  const result = await auth.api.verifyApiKey({ body: { key: token } });
  if (!result.valid || !result.key) return null;
  const grant = grantOfMetadata(result.key.metadata);
  // A token whose limits cannot be read grants nothing.
  if (!grant) return null;
  return { userId: result.key.referenceId, ...grant };
}

export interface NewToken {
  userId: string;
  name: string;
  role: Role;
  sources: SourceScope;
  /** Seconds; null: until revoked. */
  expiresIn: number | null;
}

/** Creates a token and returns it: the only time the whole token is seen. */
export async function createToken(auth: Auth, input: NewToken): Promise<{ token: string; info: TokenInfo }> {
  const created = await auth.api.createApiKey({
    body: {
      userId: input.userId,
      name: input.name,
      expiresIn: input.expiresIn,
      metadata: { role: input.role, sources: input.sources },
    },
  });
  const info = infoOf({ ...created, referenceId: input.userId });
  if (!info) throw new Error('the new token has no readable limits');
  return { token: created.key, info };
}

function infoOf(key: StoredKey): TokenInfo | null {
  const grant = grantOfMetadata(key.metadata);
  if (!grant) return null;
  return {
    id: key.id,
    name: key.name ?? '',
    start: key.start ?? null,
    role: grant.role,
    sources: grant.sources,
    createdAt: new Date(key.createdAt).toISOString(),
    lastUsedAt: key.lastRequest ? new Date(key.lastRequest).toISOString() : null,
    expiresAt: key.expiresAt ? new Date(key.expiresAt).toISOString() : null,
    revoked: key.enabled === false,
  };
}

/** The user's tokens, newest first, revoked ones included. */
export async function listTokens(auth: Auth, userId: string): Promise<TokenInfo[]> {
  const ctx = await auth.$context;
  const keys = await ctx.adapter.findMany<StoredKey>({ model: 'apikey', where: [{ field: 'referenceId', value: userId }] });
  return keys
    .map(infoOf)
    .filter((k): k is TokenInfo => k !== null)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Revokes one of the user's tokens; false when the user has no such token. */
export async function revokeToken(auth: Auth, userId: string, tokenId: string): Promise<boolean> {
  const ctx = await auth.$context;
  const key = await ctx.adapter.findOne<StoredKey>({ model: 'apikey', where: [{ field: 'id', value: tokenId }] });
  if (!key || key.referenceId !== userId) return false;
  await ctx.adapter.update({
    model: 'apikey',
    where: [{ field: 'id', value: tokenId }],
    update: { enabled: false, updatedAt: new Date() },
  });
  return true;
}
