// RAM exports and AWS authorization details held to the JSON nesting limit (issue 9, point 10),
// both the file itself and policy documents sent as JSON strings inside it: refused as bad input
// naming the file (or policy) and the limit, never a stack overflow in zod or the hashing.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CollectResult } from '../../core/snapshot/types';
import { collectFromAwsAuthorizationDetails } from '../aws/collect-from-aws-authorization-details';
import { collectFromRamFiles } from './collect-from-ram-files';

const DEEP = 200_000;
const deepArrays = '['.repeat(DEEP) + ']'.repeat(DEEP);
const LIMIT = /nested deeper than 100 levels, the limit for JSON and YAML input/;
let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atlas-deep-cloud-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

function refusal(result: CollectResult): string {
  if (result.ok) assert.fail('the deep input was read');
  assert.equal(result.error.code, 'bad-input');
  assert.match(result.error.message, LIMIT);
  return result.error.message;
}

type Json = Record<string, unknown>;

describe('RAM export nesting limit', () => {
  test('a deep value in the file is refused naming the file', async () => {
    const ram = JSON.parse(await readFile('fixtures/ram-account/example.json', 'utf8')) as Json;
    const text = JSON.stringify({ ...ram, Extra: 0 }).replace('"Extra":0', `"Extra":${deepArrays}`);
    const path = await write('deep-ram.json', text);
    assert.match(refusal(await collectFromRamFiles([path])), new RegExp(`^${path.replace(/\./g, '\\.')}:1:\\d+: nested deeper`));
  });

  test('a deep PolicyDocument string is refused naming the file and the policy', async () => {
    const ram = JSON.parse(await readFile('fixtures/ram-account/example.json', 'utf8')) as {
      Policies: { PolicyName: string; DefaultPolicyVersion: { PolicyDocument: string } }[];
    };
    const policy = ram.Policies[0];
    assert.ok(policy);
    policy.DefaultPolicyVersion.PolicyDocument = `{"Version":"1","Statement":${deepArrays}}`;
    const path = await write('deep-doc.json', JSON.stringify(ram));
    const message = refusal(await collectFromRamFiles([path]));
    assert.ok(message.includes(path) && message.includes(`policy ${policy.PolicyName}: DefaultPolicyVersion.PolicyDocument`), message);
  });
});

describe('AWS authorization details nesting limit', () => {
  test('a deep value in the file is refused naming the file', async () => {
    const page = await readFile('fixtures/aws/authorization-details/page-2.json', 'utf8');
    const text = page.replace(/^\{/, `{"Extra": ${deepArrays},`);
    const path = await write('deep-aws.json', text);
    refusal(await collectFromAwsAuthorizationDetails([path]));
  });

  test('a deep Document string is refused naming the policy', async () => {
    const page = JSON.parse(await readFile('fixtures/aws/authorization-details/page-2.json', 'utf8')) as {
      Policies: { PolicyName: string; PolicyVersionList: { Document: unknown }[] }[];
    };
    const version = page.Policies[0]?.PolicyVersionList[0];
    assert.ok(version);
    version.Document = `{"Version":"2012-10-17","Statement":${deepArrays}}`;
    const path = await write('deep-aws-doc.json', JSON.stringify(page));
    const message = refusal(await collectFromAwsAuthorizationDetails([path], { accountId: '123456789012' }));
    assert.ok(message.includes(`policy ${page.Policies[0]?.PolicyName}`), message);
  });
});
