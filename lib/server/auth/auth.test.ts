// Sign-in end to end on a real SQLite store through better-auth's own HTTP handler: local accounts,
// cookies, lockout, disabled users, sign-out, the absolute session limit, API tokens, the first-run
// setup token and the CSRF token.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../store';
import { authOf } from './auth';
import { CSRF_HEADER, csrfTokenOf, hasValidCsrfToken, resolveCaller } from './caller';
import { completeSetup, createSetupToken, needsSetup } from './setup';
import { createToken, listTokens, revokeToken } from './tokens';
import { addUser, updateUser, UserError } from './users';

const ORIGIN = 'http://127.0.0.1:3000';
const PASSWORD = 'correct horse battery';

async function signIn(store: Store, username: string, password: string): Promise<Response> {
  return authOf(store).handler(
    new Request(`${ORIGIN}/api/auth/sign-in/username`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: JSON.stringify({ username, password }),
    }),
  );
}

function cookieOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

describe('sign-in', () => {
  let dir: string;
  let store: Store;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'access-atlas-auth-'));
    process.env.ACCESS_ATLAS_SECRET_KEY = Buffer.alloc(32, 7).toString('base64');
    store = await openStore({ databaseUrl: `file:${join(dir, 'db.sqlite')}` });
  });
  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('the first admin comes from a one-time setup token, used once', async () => {
    assert.equal(await needsSetup(store), true);
    const token = await createSetupToken(store);
    assert.ok(token && token.length >= 40);
    await assert.rejects(
      completeSetup(store, 'x'.repeat(43), 'root', PASSWORD),
      (e: unknown) => e instanceof UserError && e.param === 'token',
    );
    const admin = await completeSetup(store, token, 'root', PASSWORD);
    assert.equal(admin.role, 'admin');
    await assert.rejects(completeSetup(store, token, 'root2', PASSWORD), (e: unknown) => e instanceof UserError && e.param === 'token');
    assert.equal(await createSetupToken(store), null, 'no setup token once a user exists');
  });

  test('a local account signs in with an HttpOnly SameSite cookie; the session names the caller', async () => {
    await addUser(store, { name: 'vera', role: 'viewer', sources: ['demo-cluster'], password: PASSWORD });
    const response = await signIn(store, 'vera', PASSWORD);
    assert.equal(response.status, 200);
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('access-atlas.session_token='));
    assert.ok(setCookie, 'session cookie set');
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Lax/i);
    const { caller } = await resolveCaller(store, new Headers({ cookie: cookieOf(response) }));
    assert.deepEqual(caller && { name: caller.name, role: caller.role, sources: caller.sources, via: caller.via }, {
      name: 'vera',
      role: 'viewer',
      sources: ['demo-cluster'],
      via: 'session',
    });
  });

  test('a wrong password, an unknown user and a bad name are refused; no cookie', async () => {
    for (const [name, password] of [
      ['vera', 'wrong password!!'],
      ['nobody', PASSWORD],
    ] as const) {
      const response = await signIn(store, name, password);
      assert.equal(response.status, 401, name);
      assert.equal(response.headers.getSetCookie().filter((c) => c.includes('session_token=') && !c.includes('Max-Age=0')).length, 0);
    }
    await assert.rejects(
      addUser(store, { name: 'Bad Name', role: 'viewer', sources: null, password: PASSWORD }),
      (e: unknown) => e instanceof UserError && e.param === 'name',
    );
    await assert.rejects(
      addUser(store, { name: 'shorty', role: 'viewer', sources: null, password: 'short' }),
      (e: unknown) => e instanceof UserError && e.param === 'password',
    );
    await assert.rejects(addUser(store, { name: 'vera', role: 'viewer', sources: null, password: PASSWORD }), /already exists/);
  });

  test('five wrong passwords in a row lock the account, even for the right password', async () => {
    await addUser(store, { name: 'lou', role: 'viewer', sources: null, password: PASSWORD });
    for (let i = 0; i < 5; i++) assert.equal((await signIn(store, 'lou', `wrong password ${i}`)).status, 401);
    const locked = await signIn(store, 'lou', PASSWORD);
    assert.equal(locked.status, 429);
    assert.match(((await locked.json()) as { message: string }).message, /locked/);
  });

  test('sign-in starts a new session (no fixation) and sign-out ends it', async () => {
    const first = cookieOf(await signIn(store, 'vera', PASSWORD));
    const second = cookieOf(await signIn(store, 'vera', PASSWORD));
    assert.notEqual(first, second);
    const out = await authOf(store).handler(
      new Request(`${ORIGIN}/api/auth/sign-out`, { method: 'POST', headers: { cookie: second, origin: ORIGIN } }),
    );
    assert.equal(out.status, 200);
    assert.equal((await resolveCaller(store, new Headers({ cookie: second }))).caller, null);
    assert.ok((await resolveCaller(store, new Headers({ cookie: first }))).caller, 'the other session lives on');
  });

  test('a session ends at the absolute limit however active, and at once for a disabled user', async () => {
    const cookie = cookieOf(await signIn(store, 'vera', PASSWORD));
    const late = new Date(Date.now() + 13 * 3600 * 1000);
    assert.equal((await resolveCaller(store, new Headers({ cookie }), late)).caller, null);
    const other = cookieOf(await signIn(store, 'vera', PASSWORD));
    await updateUser(store, 'vera', { disabled: true });
    assert.equal((await resolveCaller(store, new Headers({ cookie: other }))).caller, null);
    assert.equal((await signIn(store, 'vera', PASSWORD)).status, 403);
    await updateUser(store, 'vera', { disabled: false });
  });

  test('sign-up and the API key endpoints are not offered over HTTP', async () => {
    for (const path of ['/sign-up/email', '/api-key/create', '/api-key/list']) {
      const response = await authOf(store).handler(
        new Request(`${ORIGIN}/api/auth${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: ORIGIN },
          body: '{}',
        }),
      );
      assert.equal(response.status, 404, path);
    }
  });

  test('an API token acts for its owner, never with more than the owner holds; revoked, it stops', async () => {
    const root = await addUser(store, { name: 'tess', role: 'reviewer', sources: ['a', 'b'], password: PASSWORD });
    const { token, info } = await createToken(authOf(store), {
      userId: root.id,
      name: 'ci',
      role: 'admin',
      sources: ['b', 'c'],
      expiresIn: null,
    });
    assert.match(token, /^atlas_/);
    assert.equal(info.lastUsedAt, null);
    const { caller } = await resolveCaller(store, new Headers({ authorization: `Bearer ${token}` }));
    assert.deepEqual(caller && { name: caller.name, role: caller.role, sources: caller.sources, via: caller.via }, {
      name: 'tess',
      role: 'reviewer',
      sources: ['b'],
      via: 'token',
    });
    const [listed] = await listTokens(authOf(store), root.id);
    assert.ok(listed?.lastUsedAt, 'last use recorded');
    assert.equal(listed?.start?.startsWith('atlas_'), true);
    assert.equal(await revokeToken(authOf(store), root.id, info.id), true);
    assert.equal((await resolveCaller(store, new Headers({ authorization: `Bearer ${token}` }))).caller, null);
    assert.equal((await listTokens(authOf(store), root.id))[0]?.revoked, true);
    assert.equal((await resolveCaller(store, new Headers({ authorization: 'Bearer atlas_madeup' }))).caller, null);
  });

  test('the CSRF token is bound to the session', async () => {
    const a = await csrfTokenOf(store, 'session-a');
    assert.equal(await hasValidCsrfToken(store, new Headers({ [CSRF_HEADER]: a }), 'session-a'), true);
    assert.equal(await hasValidCsrfToken(store, new Headers({ [CSRF_HEADER]: a }), 'session-b'), false);
    assert.equal(await hasValidCsrfToken(store, new Headers(), 'session-a'), false);
  });
});
