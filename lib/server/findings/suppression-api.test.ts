// The suppression API's logic on a real SQLite store, with the server's clock fixed: what a new
// suppression must carry (each refusal names its field), the expiry window, statuses decided from the
// clock, and revocation with its history. The route files themselves: suppression-routes.test.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore, type Store } from '../../store';
import { sqliteTestDatabase, type TestDatabase } from '../../store/__tests__/test-databases';
import { answerOf } from '../http/__tests__/answer-of';
import { createSuppressionAnswer, latestExpiry, listSuppressionsAnswer, revokeSuppressionAnswer } from './suppression-api';

const NOW = new Date('2026-03-02T10:17:00.000Z');
const LATER = new Date('2026-07-01T00:00:00.000Z');

const valid = {
  rule: 'k8s.secrets-read',
  subjectPattern: 'ServiceAccount/kube-system/*',
  objectPattern: 'ClusterRole//system:controller:*',
  scope: 'cluster',
  justification: 'Controllers read secrets by design.\nReviewed with the platform team.',
  owner: 'ana@example.com',
  expiresAt: '2026-06-30T00:00:00Z',
};

let db: TestDatabase;
let store: Store;
before(async () => {
  db = sqliteTestDatabase();
  store = await openStore({ databaseUrl: db.url });
  await store.ensureSource({ name: 'prod', kind: 'cluster' });
  await store.ensureSource({ name: 'ram', kind: 'cloud-account' });
});
after(async () => {
  await store.close();
  await db.drop();
});

const query = (text = '') => new URLSearchParams(text);

describe('creating a suppression', () => {
  test('stores every field and answers it with its status and history', async () => {
    const created = await createSuppressionAnswer(store, 'prod', valid, 'bob', NOW);
    assert.equal(created.status, 201);
    const suppression = created.body.suppression as { id: number };
    assert.deepEqual(created.body, {
      ok: true,
      suppression: {
        id: suppression.id,
        rule: 'k8s.secrets-read',
        subjectPattern: 'ServiceAccount/kube-system/*',
        objectPattern: 'ClusterRole//system:controller:*',
        scope: 'cluster',
        justification: 'Controllers read secrets by design.\nReviewed with the platform team.',
        owner: 'ana@example.com',
        expiresAt: '2026-06-30T00:00:00.000Z',
        createdAt: '2026-03-02T10:17:00.000Z',
        revokedAt: null,
        status: 'active',
        createdBy: 'bob',
        history: [
          {
            action: 'created',
            actor: 'bob',
            reason: 'Controllers read secrets by design.\nReviewed with the platform team.',
            at: '2026-03-02T10:17:00.000Z',
          },
        ],
      },
    });
  });

  test('patterns and scope may be left out (they match anything); the creator is the caller, not the owner; text is trimmed', async () => {
    const created = await createSuppressionAnswer(
      store,
      'ram',
      { rule: 'ram.admin-equivalent', justification: '  break-glass role  ', owner: ' ops ', expiresAt: '2026-03-03T00:00:00+08:00' },
      'ana',
      NOW,
    );
    assert.equal(created.status, 201);
    const s = created.body.suppression as Record<string, unknown>;
    assert.deepEqual(
      [s.subjectPattern, s.objectPattern, s.scope, s.owner, s.createdBy, s.justification, s.expiresAt],
      [null, null, null, 'ops', 'ana', 'break-glass role', '2026-03-02T16:00:00.000Z'],
    );
    const nulls = await createSuppressionAnswer(
      store,
      'ram',
      { ...valid, subjectPattern: null, objectPattern: null, scope: null },
      'ana',
      NOW,
    );
    assert.equal(nulls.status, 201);
    assert.equal((nulls.body.suppression as { scope: unknown }).scope, null);
  });

  test('a name may hold a slash, as a User or an ARN does; scopes are cluster, a namespace, account, a resource group or *', async () => {
    for (const [subjectPattern, scope] of [
      ['User//https://issuer.example.com#*', 'team-a'],
      ['RamRole//acs:ram::123:role/ops-*', 'resource-group:rg-acfm2xyz'],
      ['*/*/*', '*'],
      ['Group//system:authenticated', 'account'],
    ] as const) {
      const created = await answerOf(createSuppressionAnswer(store, 'prod', { ...valid, subjectPattern, scope }, 'ana', NOW));
      assert.equal(created.status, 201, JSON.stringify(created.body));
    }
  });

  test('each bad field is refused as invalid, naming it', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ rule: undefined }, 'rule', /rule must be a string/],
      [{ rule: '' }, 'rule', /rule must be a rule id such as k8s\.secrets-read/],
      [{ rule: 'k8s' }, 'rule', /rule id/],
      [{ rule: 'K8s.Secrets-Read' }, 'rule', /rule id/],
      [{ rule: 'k8s.secrets read' }, 'rule', /rule id/],
      [{ rule: `k8s.${'a'.repeat(100)}` }, 'rule', /at most 100 characters/],
      [{ subjectPattern: '*' }, 'subjectPattern', /kind\/namespace\/name/],
      [{ subjectPattern: '' }, 'subjectPattern', /kind\/namespace\/name/],
      [{ subjectPattern: '/ns/name' }, 'subjectPattern', /kind\/namespace\/name/],
      [{ objectPattern: 'Secret/ns/a\u0000b' }, 'objectPattern', /control characters/],
      [{ objectPattern: 'Secret/ns/a\nb' }, 'objectPattern', /control characters/],
      [{ objectPattern: `Secret/ns/${'x'.repeat(520)}` }, 'objectPattern', /at most 512 characters/],
      [{ objectPattern: 7 }, 'objectPattern', /must be a string or null/],
      [{ scope: 'Team A' }, 'scope', /scope must be cluster, a namespace/],
      [{ scope: '' }, 'scope', /scope must be cluster/],
      [{ justification: '   ' }, 'justification', /justification is required/],
      [{ justification: 'x'.repeat(2001) }, 'justification', /at most 2000 characters/],
      [{ justification: 'ok\u001b[31m' }, 'justification', /control characters other than line breaks/],
      [{ owner: undefined }, 'owner', /owner must be a string/],
      [{ owner: 'x'.repeat(201) }, 'owner', /at most 200 characters/],
      [{ owner: 'ana\r\n' + 'eve' }, 'owner', /control characters/],
      [{ createdBy: 'mallory' }, 'createdBy', /unknown parameter createdBy/],
      [{ expiresAt: 'next week' }, 'expiresAt', /ISO 8601 date-time with a zone/],
      [{ expiresAt: '2026-06-30' }, 'expiresAt', /ISO 8601/],
      [{ expiresAt: '2026-06-30T00:00:00' }, 'expiresAt', /with a zone/],
      [{ expiresAt: 1790000000000 }, 'expiresAt', /ISO 8601/],
      [{ severity: 'low' }, 'severity', /unknown parameter severity/],
    ];
    for (const [change, param, message] of cases) {
      const answer = await answerOf(createSuppressionAnswer(store, 'prod', { ...valid, ...change }, 'ana', NOW));
      assert.equal(answer.status, 400, `${param}: ${JSON.stringify(change)}`);
      assert.equal(answer.body.error?.code, 'invalid');
      assert.equal(answer.body.error?.param, param, JSON.stringify(change));
      assert.match(String(answer.body.error?.message), message, JSON.stringify(change));
    }
    for (const body of [null, [], 'rule', 42]) {
      const answer = await answerOf(createSuppressionAnswer(store, 'prod', body, 'ana', NOW));
      assert.deepEqual([answer.status, answer.body.error?.param], [400, 'body'], JSON.stringify(body));
    }
  });

  test("expiresAt must be ahead of the server's clock and at most one year ahead", async () => {
    const at = (expiresAt: string) => answerOf(createSuppressionAnswer(store, 'prod', { ...valid, expiresAt }, 'ana', NOW));
    for (const past of ['2026-03-02T10:17:00Z', '2026-03-02T10:16:59.999Z', '2020-01-01T00:00:00Z']) {
      const answer = await at(past);
      assert.deepEqual([answer.status, answer.body.error?.param], [400, 'expiresAt'], past);
      assert.match(String(answer.body.error?.message), /must be in the future \(the server's clock reads 2026-03-02T10:17:00\.000Z\)/);
    }
    assert.equal(latestExpiry(NOW).toISOString(), '2027-03-02T10:17:00.000Z');
    assert.equal((await at('2026-03-02T10:17:00.001Z')).status, 201);
    assert.equal((await at('2027-03-02T10:17:00Z')).status, 201);
    const tooLate = await at('2027-03-02T10:17:00.001Z');
    assert.deepEqual([tooLate.status, tooLate.body.error?.param], [400, 'expiresAt']);
    assert.match(String(tooLate.body.error?.message), /at most a year ahead \(2027-03-02T10:17:00\.000Z at the latest\)/);
  });

  test('an unknown source is not-found, naming the route parameter, before the body is looked at', async () => {
    const answer = await answerOf(createSuppressionAnswer(store, 'nope', {}, 'ana', NOW));
    assert.deepEqual(answer, { status: 404, body: { error: { code: 'not-found', param: 'name', message: 'no source named "nope"' } } });
  });
});

describe('listing and revoking', () => {
  test('an expired suppression is listed as expired, never dropped; statuses follow the clock passed in', async () => {
    await store.ensureSource({ name: 'clocked', kind: 'cluster' });
    await createSuppressionAnswer(store, 'clocked', { ...valid, expiresAt: '2026-04-01T00:00:00Z' }, 'ana', NOW);
    await createSuppressionAnswer(store, 'clocked', { ...valid, rule: 'k8s.pod-exec', expiresAt: '2026-09-01T00:00:00Z' }, 'ana', NOW);
    const statuses = async (now: Date) => {
      const listed = await listSuppressionsAnswer(store, 'clocked', query(), now);
      assert.equal(listed.body.now, now.toISOString());
      return (listed.body.suppressions as { rule: string; status: string }[]).map((s) => `${s.rule} ${s.status}`);
    };
    assert.deepEqual(await statuses(NOW), ['k8s.secrets-read active', 'k8s.pod-exec active']);
    assert.deepEqual(await statuses(new Date('2026-03-31T23:59:59.999Z')), ['k8s.secrets-read active', 'k8s.pod-exec active']);
    // In force until expiresAt, exclusive.
    assert.deepEqual(await statuses(new Date('2026-04-01T00:00:00Z')), ['k8s.secrets-read expired', 'k8s.pod-exec active']);
    assert.deepEqual(await statuses(LATER), ['k8s.secrets-read expired', 'k8s.pod-exec active']);
  });

  test('revoking records who and why; the suppression then shows only with includeRevoked=true, and cannot be revoked twice', async () => {
    await store.ensureSource({ name: 'revoking', kind: 'cluster' });
    const created = await createSuppressionAnswer(store, 'revoking', valid, 'ana', NOW);
    const id = String((created.body.suppression as { id: number }).id);
    const revoked = await revokeSuppressionAnswer(store, 'revoking', id, { reason: 'the controller was removed' }, 'carol', LATER);
    assert.equal(revoked.status, 200);
    const s = revoked.body.suppression as { status: string; revokedAt: string; history: unknown[] };
    assert.equal(s.status, 'revoked');
    assert.equal(s.revokedAt, '2026-07-01T00:00:00.000Z');
    assert.deepEqual(s.history, [
      { action: 'created', actor: 'ana', reason: valid.justification, at: '2026-03-02T10:17:00.000Z' },
      { action: 'revoked', actor: 'carol', reason: 'the controller was removed', at: '2026-07-01T00:00:00.000Z' },
    ]);
    const listed = (text: string) => listSuppressionsAnswer(store, 'revoking', query(text), LATER);
    assert.deepEqual((await listed('')).body.suppressions, []);
    assert.deepEqual((await listed('includeRevoked=false')).body.suppressions, []);
    assert.deepEqual((await listed('includeRevoked=true')).body.suppressions, [s]);
    const again = await answerOf(revokeSuppressionAnswer(store, 'revoking', id, { reason: 'again' }, 'dan', LATER));
    assert.deepEqual(again, {
      status: 409,
      body: { error: { code: 'conflict', param: 'id', message: `suppression ${id} was already revoked at 2026-07-01T00:00:00.000Z` } },
    });
  });

  test('revoking is refused for a bad or unknown id, another source’s suppression, or without a reason, or with a name in the body', async () => {
    await store.ensureSource({ name: 'other', kind: 'cluster' });
    const theirs = await createSuppressionAnswer(store, 'other', valid, 'ana', NOW);
    const theirId = String((theirs.body.suppression as { id: number }).id);
    const reason = { reason: 'done' };
    const cases: [string, string, unknown, number, string][] = [
      ['prod', 'x', reason, 400, 'id'],
      ['prod', '0', reason, 400, 'id'],
      ['prod', '1e3', reason, 400, 'id'],
      ['prod', '99999', reason, 404, 'id'],
      ['prod', theirId, reason, 404, 'id'],
      ['nope', theirId, reason, 404, 'name'],
      ['other', theirId, {}, 400, 'reason'],
      ['other', theirId, { reason: 'done', by: 'mallory' }, 400, 'by'],
      ['other', theirId, { ...reason, reason: ' ' }, 400, 'reason'],
      ['other', theirId, { ...reason, note: 'x' }, 400, 'note'],
      ['other', theirId, null, 400, 'body'],
    ];
    for (const [source, id, body, status, param] of cases) {
      const answer = await answerOf(revokeSuppressionAnswer(store, source, id, body, 'carol', LATER));
      assert.deepEqual([answer.status, answer.body.error?.param], [status, param], `${source} ${id} ${JSON.stringify(body)}`);
    }
    assert.match(
      String((await answerOf(revokeSuppressionAnswer(store, 'prod', theirId, reason, 'carol', LATER))).body.error?.message),
      /source "prod" has no suppression \d+/,
    );
    const still = await listSuppressionsAnswer(store, 'other', query(), NOW);
    assert.equal((still.body.suppressions as { status: string }[])[0]?.status, 'active', 'nothing refused was revoked');
    // Past its expiry it is still revocable: the record says it was withdrawn, not only that it lapsed.
    const lapsed = await revokeSuppressionAnswer(store, 'other', theirId, reason, 'carol', LATER);
    assert.equal((lapsed.body.suppression as { status: string }).status, 'revoked');
  });

  test('the list refuses an unknown or repeated query parameter and an unknown source by name', async () => {
    for (const [text, param] of [
      ['includeRevoked=yes', 'includeRevoked'],
      ['includeRevoked=true&includeRevoked=false', 'includeRevoked'],
      ['all=1', 'all'],
    ] as const) {
      const answer = await answerOf(listSuppressionsAnswer(store, 'prod', query(text), NOW));
      assert.deepEqual([answer.status, answer.body.error?.code, answer.body.error?.param], [400, 'invalid', param], text);
    }
    const unknown = await answerOf(listSuppressionsAnswer(store, 'nope', query(), NOW));
    assert.deepEqual([unknown.status, unknown.body.error?.param], [404, 'name']);
  });
});
