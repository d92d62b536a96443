// Test helpers: stored cloud objects as the collectors write them (bodies per lib/core/ram/model.ts),
// with real RAM policy documents from fixtures/real-world-ram.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject, StoredObject } from '../../../snapshot/types';
import type { AttachmentScope, CloudAccountBody, CloudGroupBody, CloudPolicyBody, CloudRoleBody, CloudUserBody, PolicyAttachment, PolicyType } from '../../model';

export const ACCOUNT_ID = '1234567890123456';
const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', '..', 'fixtures', 'real-world-ram');

export function fixture(name: string): JsonObject {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as JsonObject;
}

function stored(kind: StoredObject['kind'], name: string, body: object, namespace = ''): StoredObject {
  return { kind, namespace, name, body: body as JsonObject, hash: '' };
}

export function account(provider: 'alibaba' | 'aws' = 'alibaba', accountId = ACCOUNT_ID): StoredObject {
  const body: CloudAccountBody = { provider, accountId };
  return stored('CloudAccount', accountId, body);
}

export function attach(policyName: string, policyType: PolicyType = 'Custom', scope: AttachmentScope = { kind: 'account' }): PolicyAttachment {
  return { policyType, policyName, scope };
}

export function policy(name: string, document: JsonObject, policyType: PolicyType = 'Custom', version = 'v1'): StoredObject {
  const body: CloudPolicyBody = { policyType, defaultVersion: version, document };
  return stored('CloudPolicy', name, body, policyType);
}

export function user(name: string, userId: string, opts: Partial<CloudUserBody> = {}, accountId = ACCOUNT_ID): StoredObject {
  const body: CloudUserBody = { userId, arn: `acs:ram::${accountId}:user/${name}`, groups: [], attachedPolicies: [], accessKeys: [], loginProfile: null, mfaEnabled: false, ...opts };
  return stored('CloudUser', name, body);
}

export function group(name: string, opts: Partial<CloudGroupBody> = {}): StoredObject {
  const body: CloudGroupBody = { attachedPolicies: [], ...opts };
  return stored('CloudGroup', name, body);
}

export function role(name: string, roleId: string, trustPolicy: JsonObject, opts: Partial<CloudRoleBody> = {}, accountId = ACCOUNT_ID): StoredObject {
  const body: CloudRoleBody = { roleId, arn: `acs:ram::${accountId}:role/${name}`, trustPolicy, attachedPolicies: [], ...opts };
  return stored('CloudRole', name, body);
}

export function allow(action: string | string[], resource: string | string[] = '*', condition?: JsonObject): JsonObject {
  return { Version: '1', Statement: [{ Effect: 'Allow', Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}) }] };
}

export function deny(action: string | string[], resource: string | string[] = '*'): JsonObject {
  return { Version: '1', Statement: [{ Effect: 'Deny', Action: action, Resource: resource }] };
}
