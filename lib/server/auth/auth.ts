import 'server-only';
// The one better-auth instance (https://www.better-auth.com/docs): local accounts (username and
// password, hashed by better-auth with scrypt), the OIDC issuer when configured (oidc.ts), sessions
// in HttpOnly SameSite cookies, API tokens (hashed, with last use) and login rate limits. Nobody
// signs up: an admin adds users (users.ts, `access-atlas users add`), or the OIDC issuer's groups
// grant a role. Its secret is derived from the data directory's secret key (secret-box.ts), so
// there is one key to keep, and no default.
import { hkdfSync } from 'node:crypto';
import { apiKey } from '@better-auth/api-key';
import { betterAuth } from 'better-auth';
import { APIError, createAuthMiddleware } from 'better-auth/api';
import { genericOAuth, username } from 'better-auth/plugins';
import type { Store } from '../../store';
import { currentHostPolicy, DEFAULT_ALLOWED_HOSTS } from '../http/allowed-hosts';
import { resolveSecretKey } from '../secret-box';
import { recordSignInOutcome, refuseLockedSignIn } from './lockout';
import { grantOfGroups, groupsOf, oidcSettings } from './oidc';
import { encodeStoredScope, USERNAME_PATTERN } from './roles';
import { sessionPolicy } from './session-policy';

export const AUTH_BASE_PATH = '/api/auth';
export const OIDC_PROVIDER_ID = 'oidc';
/** API tokens start with this, so a leaked one is recognisable (and secret scanners can match it). */
export const API_TOKEN_PREFIX = 'atlas_';

/** The endpoints of better-auth and its plugins that this app does not offer over HTTP. */
const DISABLED_PATHS = [
  '/sign-up/email',
  '/sign-in/email',
  '/update-user',
  '/change-email',
  '/delete-user',
  '/request-password-reset',
  '/reset-password',
  '/set-password',
  '/link-social',
  '/unlink-account',
  // Tokens are made, listed and revoked through /api/tokens, which limits them to their owner's rights.
  '/api-key/create',
  '/api-key/update',
  '/api-key/delete',
  '/api-key/list',
  '/api-key/get',
  '/api-key/verify',
  '/api-key/delete-all-expired-api-keys',
];

function authSecret(): string {
  return Buffer.from(hkdfSync('sha256', resolveSecretKey(), Buffer.alloc(0), 'access-atlas sign-in', 32)).toString('base64url');
}

function oidcPlugins(): ReturnType<typeof genericOAuth>[] {
  const oidc = oidcSettings();
  if (!oidc) return [];
  return [
    genericOAuth({
      config: [
        {
          providerId: OIDC_PROVIDER_ID,
          discoveryUrl: `${oidc.issuer}/.well-known/openid-configuration`,
          clientId: oidc.clientId,
          clientSecret: oidc.clientSecret,
          scopes: ['openid', 'profile', 'email', oidc.groupsClaim],
          pkce: true,
          // The role follows the issuer's groups at every sign-in, so removing someone from a group takes effect.
          overrideUserInfo: true,
          mapProfileToUser: (profile) => {
            const grant = grantOfGroups(groupsOf(profile, oidc.groupsClaim), oidc.mappings);
            if (!grant) throw new APIError('FORBIDDEN', { message: 'none of your groups is given a role in Access Atlas' });
            return { role: grant.role, sources: encodeStoredScope(grant.sources) };
          },
        },
      ],
    }),
  ];
}

function createAuth(store: Store) {
  const policy = sessionPolicy();
  const hosts = currentHostPolicy();
  const publicOrigin = hosts.ok ? hosts.policy.publicOrigin : null;
  return betterAuth({
    appName: 'Access Atlas',
    basePath: AUTH_BASE_PATH,
    // Behind a public URL, that; otherwise the origin of the request, for the hosts the dashboard answers
    // (the request guard has already refused any other Host).
    baseURL: publicOrigin ?? {
      allowedHosts: (hosts.ok ? hosts.policy.hosts : DEFAULT_ALLOWED_HOSTS).map((h) => (h.port ? `${h.name}:${h.port}` : `${h.name}:*`)),
      protocol: 'http',
      // Server-side calls (making a token) have no request; nothing they do depends on the URL.
      fallback: 'http://127.0.0.1',
    },
    secret: authSecret(),
    database: store.authDatabase(),
    telemetry: { enabled: false },
    disabledPaths: DISABLED_PATHS,
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12, maxPasswordLength: 256 },
    user: {
      additionalFields: {
        role: { type: 'string', required: true, defaultValue: 'viewer', input: false },
        sources: { type: 'string', required: false, input: false },
        disabled: { type: 'boolean', required: true, defaultValue: false, input: false },
        failedSignIns: { type: 'number', required: true, defaultValue: 0, input: false },
        lockedUntil: { type: 'date', required: false, input: false },
      },
    },
    session: {
      expiresIn: policy.idleSeconds,
      updateAge: policy.refreshSeconds,
      // Every request reads the session from the database, so a sign-out, a disabled user or a
      // revoked session takes effect at once rather than when a cached cookie expires.
      cookieCache: { enabled: false },
    },
    rateLimit: {
      enabled: true,
      window: 60,
      max: 300,
      customRules: { '/sign-in/username': { window: 60, max: 20 }, [`/sign-in/oauth2`]: { window: 60, max: 20 } },
    },
    advanced: {
      cookiePrefix: 'access-atlas',
      // Secure cookies whenever the dashboard is served over https (its public URL says so).
      useSecureCookies: publicOrigin?.startsWith('https://') ?? false,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
      // Next's server sets X-Forwarded-For to the peer's address when the request has none
      // (node_modules/next/dist/server/base-server.js); a client may send its own, so the per-address
      // limit is a brake, and the per-account lockout (lockout.ts) is what stops guessing.
      ipAddress: { ipAddressHeaders: ['x-forwarded-for'] },
    },
    databaseHooks: {
      session: {
        create: {
          // No session for a disabled or locked-out user, whatever signed them in.
          before: async (session, ctx) => {
            const user = await ctx?.context.internalAdapter.findUserById(session.userId);
            const refused = user as { disabled?: boolean; lockedUntil?: Date | null } | null;
            if (!refused || refused.disabled) return false;
            if (refused.lockedUntil && refused.lockedUntil.getTime() > Date.now()) return false;
            return { data: session };
          },
        },
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path === '/sign-in/username') await refuseLockedSignIn(ctx, policy);
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path === '/sign-in/username') await recordSignInOutcome(ctx, policy);
      }),
    },
    plugins: [
      username({ minUsernameLength: 2, maxUsernameLength: 64, usernameValidator: (name) => USERNAME_PATTERN.test(name) }),
      ...oidcPlugins(),
      apiKey({
        defaultPrefix: API_TOKEN_PREFIX,
        enableMetadata: true,
        requireName: true,
        maximumNameLength: 64,
        rateLimit: { enabled: true, timeWindow: 60_000, maxRequests: 600 },
        keyExpiration: { defaultExpiresIn: null, maxExpiresIn: 366 },
      }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const globalForAuth = globalThis as typeof globalThis & { __accessAtlasAuth?: { store: Store; auth: Auth } };

/** The process's better-auth instance on this store (one per store, kept across `next dev` reloads). */
export function authOf(store: Store): Auth {
  const current = globalForAuth.__accessAtlasAuth;
  if (current && current.store === store) return current.auth;
  const auth = createAuth(store);
  globalForAuth.__accessAtlasAuth = { store, auth };
  return auth;
}
