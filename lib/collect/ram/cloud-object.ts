// Cloud-account StoredObjects: a body from lib/core/ram/model.ts, made plain JSON (optional fields
// left unset are dropped, as reading it back from the store would drop them) and hashed with the
// same canonical JSON as cluster objects. Shared by the RAM and AWS collectors. Pure.

import { canonicalJson, sha256Hex } from '../../core/kube/canonical-json';
import type { CloudBody } from '../../core/ram/model';
import { isJsonObject, type CloudKind, type JsonObject, type JsonValue, type StoredObject } from '../../core/snapshot/types';

export function cloudObject<K extends CloudKind>(kind: K, namespace: string, name: string, body: CloudBody<K>): StoredObject {
  const plain = plainJson(body);
  if (!isJsonObject(plain)) throw new Error(`${kind} ${name}: body is not a JSON object`);
  return { kind, namespace, name, body: plain, hash: sha256Hex(canonicalJson(plain)) };
}

/** Drops undefined members (recursively), as JSON.stringify does. */
function plainJson(value: unknown): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item) => plainJson(item));
  if (typeof value === 'object') {
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) out[key] = plainJson(item);
    }
    return out;
  }
  throw new Error(`not JSON: ${typeof value}`);
}

/** Sort key for attachments, so a body does not change when the API lists them in another order. */
export function byTypeAndName(a: { policyType: string; policyName: string }, b: { policyType: string; policyName: string }): number {
  return a.policyType === b.policyType ? compare(a.policyName, b.policyName) : compare(a.policyType, b.policyType);
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
