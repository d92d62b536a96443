// The stored-body decoder on what the collectors really write (the RAM export fixtures and the AWS
// authorization-details pages, through the store's JSON round trip), and on corrupted bodies: each
// is an error naming the object and the field, from the decoder and from every reader built on it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectFromAwsAuthorizationDetails } from '../../collect/aws';
import { collectFromRamFiles } from '../../collect/ram';
import { cloudHeadlines } from '../headlines';
import type { CollectResult, JsonObject, StoredObject } from '../snapshot/types';
import { buildCloudAccount } from './account';
import { CloudBodyError, decodeCloudBody, decodeCloudObjects } from './decode-bodies';

function objectsOf(result: CollectResult): StoredObject[] {
  if (!result.ok) assert.fail(`${result.error.code}: ${result.error.message}`);
  // What the store hands back: the bodies as JSON text, parsed again.
  return (JSON.parse(JSON.stringify(result.snapshot.objects)) as StoredObject[]).filter((o) => o.kind.startsWith('Cloud'));
}

const example = () => collectFromRamFiles(['fixtures/ram-account/example.json']);

const SOURCES: [string, () => Promise<CollectResult>][] = [
  ['fixtures/ram-account/example.json', example],
  ['fixtures/ram-account/demo.json', () => collectFromRamFiles(['fixtures/ram-account/demo.json'])],
  [
    'fixtures/aws/authorization-details',
    () =>
      collectFromAwsAuthorizationDetails([
        'fixtures/aws/authorization-details/page-1.json',
        'fixtures/aws/authorization-details/page-2.json',
      ]),
  ],
];

describe('stored bodies from the real fixtures decode to the model, field for field', () => {
  for (const [name, collect] of SOURCES) {
    test(name, async () => {
      const objects = objectsOf(await collect());
      const cloud = decodeCloudObjects(objects);
      const decoded = [...cloud.accounts, ...cloud.users, ...cloud.groups, ...cloud.roles, ...cloud.policies];
      assert.equal(decoded.length, objects.length);
      assert.equal(cloud.accounts.length, 1);
      assert.ok(cloud.users.length > 0 && cloud.roles.length > 0 && cloud.policies.length > 0);
      // Nothing the collectors write is dropped or changed by the decoder.
      for (const o of objects) {
        const d = decoded.find((x) => x.kind === o.kind && x.namespace === o.namespace && x.name === o.name);
        assert.deepEqual(d?.body, o.body, `${o.kind} ${o.name}`);
      }
      const account = buildCloudAccount(objects);
      assert.equal(account.users.size, cloud.users.length);
      assert.equal(account.roles.size, cloud.roles.length);
    });
  }
});

describe('a corrupted body is an error naming the object and the field', () => {
  const base = async () => objectsOf(await example());
  const corrupt = (objects: StoredObject[], kind: string, name: string, change: (body: JsonObject) => void): StoredObject[] =>
    objects.map((o) => {
      if (o.kind !== kind || o.name !== name) return o;
      const body = structuredClone(o.body);
      change(body);
      return { ...o, body };
    });

  const cases: { what: string; kind: string; name: string; change: (body: JsonObject) => void; message: RegExp }[] = [
    {
      what: 'a user whose groups is not a list',
      kind: 'CloudUser',
      name: 'alice',
      change: (b) => (b.groups = 'platform-admins'),
      message: /^malformed CloudUser alice: field groups: /,
    },
    {
      what: 'an attachment with an unknown scope',
      kind: 'CloudGroup',
      name: 'platform-admins',
      change: (b) => (b.attachedPolicies = [{ policyType: 'Custom', policyName: 'admin-except-billing', scope: { kind: 'folder' } }]),
      message: /^malformed CloudGroup platform-admins: field attachedPolicies\.0\.scope\.kind: /,
    },
    {
      what: 'a policy whose document is a string',
      kind: 'CloudPolicy',
      name: 'admin-except-billing',
      change: (b) => (b.document = '{"Statement": []}'),
      message: /^malformed CloudPolicy Custom\/admin-except-billing: field document: expected a JSON object/,
    },
    {
      what: 'a policy whose type is not its namespace',
      kind: 'CloudPolicy',
      name: 'admin-except-billing',
      change: (b) => (b.policyType = 'System'),
      message: /^malformed CloudPolicy Custom\/admin-except-billing: field policyType: System differs from the object's namespace "Custom"/,
    },
    {
      what: 'a role without its trust policy',
      kind: 'CloudRole',
      name: 'terway-eni',
      change: (b) => delete b.trustPolicy,
      message: /^malformed CloudRole terway-eni: field trustPolicy: /,
    },
    {
      what: 'an account of an unknown provider',
      kind: 'CloudAccount',
      name: '5123456789012345',
      change: (b) => (b.provider = 'gcp'),
      message: /^malformed CloudAccount 5123456789012345: field provider: /,
    },
  ];
  for (const c of cases) {
    test(c.what, async () => {
      const objects = corrupt(await base(), c.kind, c.name, c.change);
      assert.ok(
        objects.some((o) => o.kind === c.kind && o.name === c.name),
        'the fixture holds the object',
      );
      const expected = (e: unknown) => e instanceof CloudBodyError && c.message.test(e.message);
      assert.throws(() => decodeCloudObjects(objects), expected);
      // The engine's account and the headlines read through the decoder: no silent cast.
      assert.throws(() => buildCloudAccount(objects), expected);
      assert.throws(() => cloudHeadlines(objects), expected);
    });
  }

  test('decodeCloudBody refuses an object of another kind', async () => {
    const user = (await base()).find((o) => o.kind === 'CloudUser');
    assert.ok(user);
    assert.throws(() => decodeCloudBody('CloudRole', user), {
      name: 'CloudBodyError',
      message: 'malformed CloudUser alice: field (kind): expected a CloudRole',
    });
  });
});
