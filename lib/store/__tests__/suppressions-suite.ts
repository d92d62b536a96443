import 'server-only';
// The suppression store, run unchanged on every dialect (suppressions.sqlite.test.ts, suppressions.postgres.test.ts).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore, type Store } from '../index';
import type { NewSuppression } from '../suppressions';
import type { TestDatabase } from './test-databases';

const CREATED = new Date('2026-03-02T10:17:00.123Z');
const EXPIRES = new Date('2026-06-30T00:00:00.000Z');

function input(overrides: Partial<NewSuppression> = {}): NewSuppression {
  return {
    rule: 'k8s.secrets-read',
    subjectPattern: 'ServiceAccount/kube-system/*',
    objectPattern: null,
    scope: 'cluster',
    justification: 'Controllers read secrets by design; reviewed with the platform team.',
    owner: 'ana@example.com',
    expiresAt: EXPIRES,
    createdBy: 'ana@example.com',
    at: CREATED,
    ...overrides,
  };
}

export function defineSuppressionSuite(label: string, setup: () => Promise<TestDatabase>): void {
  describe(`suppression store on ${label}`, () => {
    let db: TestDatabase;
    let store: Store;

    before(async () => {
      db = await setup();
      store = await openStore({ databaseUrl: db.url });
      await store.ensureSource({ name: 'prod', kind: 'cluster' });
      await store.ensureSource({ name: 'staging', kind: 'cluster' });
    });
    after(async () => {
      await store?.close();
      await db?.drop();
    });

    test('create returns lib/core shape with ISO dates (milliseconds kept), and list and get read it back', async () => {
      const created = await store.suppressions.create('prod', input({ subjectPattern: 'User//José *', objectPattern: 'Secret/*/db-*' }));
      assert.deepEqual(created, {
        id: created.id,
        rule: 'k8s.secrets-read',
        subjectPattern: 'User//José *',
        objectPattern: 'Secret/*/db-*',
        scope: 'cluster',
        justification: 'Controllers read secrets by design; reviewed with the platform team.',
        owner: 'ana@example.com',
        expiresAt: '2026-06-30T00:00:00.000Z',
        createdAt: '2026-03-02T10:17:00.123Z',
        revokedAt: null,
      });
      assert.deepEqual(await store.suppressions.get('prod', created.id), created);
      assert.deepEqual(
        (await store.suppressions.list('prod')).find((s) => s.id === created.id),
        created,
      );
      const open = await store.suppressions.create('prod', input({ subjectPattern: null, scope: null, rule: 'k8s.pod-exec' }));
      assert.equal(open.subjectPattern, null);
      assert.equal(open.scope, null);
    });

    test('suppressions belong to their source: another source neither lists, gets, revokes nor reads their history', async () => {
      const own = await store.suppressions.create('staging', input({ rule: 'k8s.bind' }));
      assert.deepEqual(
        (await store.suppressions.list('staging')).map((s) => s.id),
        [own.id],
      );
      assert.ok(!(await store.suppressions.list('prod')).some((s) => s.id === own.id));
      assert.equal(await store.suppressions.get('prod', own.id), null);
      assert.deepEqual(await store.suppressions.history('prod', own.id), []);
      await assert.rejects(store.suppressions.revoke('prod', own.id, { by: 'eve', reason: 'x' }), /source "prod" has no suppression/);
      assert.equal((await store.suppressions.get('staging', own.id))?.revokedAt, null);
    });

    test('an unknown source: create is refused, reads are empty', async () => {
      await assert.rejects(store.suppressions.create('nope', input()), /no source named "nope"/);
      assert.deepEqual(await store.suppressions.list('nope'), []);
      assert.deepEqual(await store.suppressions.history('nope'), []);
      assert.equal(await store.suppressions.get('nope', 1), null);
    });

    test('blank text is refused and nothing is written', async () => {
      const before = await db.count('suppression');
      await assert.rejects(store.suppressions.create('prod', input({ justification: '  ' })), /non-empty justification/);
      await assert.rejects(store.suppressions.create('prod', input({ owner: '' })), /non-empty owner/);
      await assert.rejects(store.suppressions.create('prod', input({ expiresAt: new Date('nope') })), /valid expiry date/);
      assert.equal(await db.count('suppression'), before);
    });

    test('an expired suppression is still listed: expiry is decided by the caller from its clock', async () => {
      const expired = await store.suppressions.create(
        'prod',
        input({ rule: 'k8s.nodes-proxy', expiresAt: new Date('2000-01-01T00:00:00Z') }),
      );
      const listed = (await store.suppressions.list('prod')).find((s) => s.id === expired.id);
      assert.equal(listed?.expiresAt, '2000-01-01T00:00:00.000Z');
      assert.equal(listed?.revokedAt, null);
    });

    test('revoke keeps the row, records who, when and why, and is refused the second time', async () => {
      const s = await store.suppressions.create('prod', input({ rule: 'k8s.impersonate', createdBy: 'bob' }));
      const at = new Date('2026-04-01T08:00:00.456Z');
      const revoked = await store.suppressions.revoke('prod', s.id, { by: 'carol', reason: 'the exception ended with the migration', at });
      assert.deepEqual(revoked, { ...s, revokedAt: '2026-04-01T08:00:00.456Z' });
      assert.deepEqual(await store.suppressions.get('prod', s.id), revoked);
      assert.ok(!(await store.suppressions.list('prod')).some((x) => x.id === s.id), 'revoked ones are left out by default');
      assert.deepEqual(
        (await store.suppressions.list('prod', { includeRevoked: true })).find((x) => x.id === s.id),
        revoked,
      );
      await assert.rejects(store.suppressions.revoke('prod', s.id, { by: 'dan', reason: 'again' }), /already revoked/);
      await assert.rejects(store.suppressions.revoke('prod', s.id + 1000, { by: 'dan', reason: 'x' }), /has no suppression/);
      await assert.rejects(store.suppressions.revoke('prod', s.id, { by: ' ', reason: 'x' }), /who revokes it/);
      const history = await store.suppressions.history('prod', s.id);
      assert.deepEqual(
        history.map(({ suppressionId, action, actor, reason, at: when }) => ({ suppressionId, action, actor, reason, at: when })),
        [
          { suppressionId: s.id, action: 'created', actor: 'bob', reason: s.justification, at: '2026-03-02T10:17:00.123Z' },
          {
            suppressionId: s.id,
            action: 'revoked',
            actor: 'carol',
            reason: 'the exception ended with the migration',
            at: '2026-04-01T08:00:00.456Z',
          },
        ],
      );
      assert.ok((history[0]?.id ?? 0) < (history[1]?.id ?? 0));
    });

    test("history without an id is the source's whole log, oldest first", async () => {
      const all = await store.suppressions.history('prod');
      const ids = all.map((e) => e.id);
      assert.deepEqual(
        ids,
        [...ids].sort((a, b) => a - b),
      );
      const listed = await store.suppressions.list('prod', { includeRevoked: true });
      assert.equal(all.filter((e) => e.action === 'created').length, listed.length);
      assert.equal(all.filter((e) => e.action === 'revoked').length, listed.filter((s) => s.revokedAt !== null).length);
    });

    test('deleting the source deletes its suppressions and their history', async () => {
      await store.ensureSource({ name: 'short-lived', kind: 'cluster' });
      const s = await store.suppressions.create('short-lived', input());
      await store.suppressions.revoke('short-lived', s.id, { by: 'ana', reason: 'gone' });
      const [rows, events] = [await db.count('suppression'), await db.count('suppression_event')];
      assert.ok(await store.deleteSource('short-lived'));
      assert.equal(await db.count('suppression'), rows - 1);
      assert.equal(await db.count('suppression_event'), events - 2);
    });
  });
}
