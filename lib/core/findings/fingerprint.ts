// A finding's id: the same rule, subject, object and scope give the same id in every snapshot,
// so suppressions, baselines and drift can match on it. The snapshot is not part of it.

import { canonicalJson, sha256Hex } from '../kube/canonical-json';
import type { JsonValue } from '../snapshot/types';
import type { FindingParty } from './types';

/** Hex digits kept: 80 bits, far from colliding among the findings of any one cluster or history. */
const ID_HEX_CHARS = 20;

function partyJson(party: FindingParty | null): JsonValue {
  if (party === null) return null;
  // Only the fields that name the party: a caller's object with extra fields hashes the same.
  return party.namespace === undefined
    ? { kind: party.kind, name: party.name }
    : { kind: party.kind, name: party.name, namespace: party.namespace };
}

/** `f_` and 20 hex digits of the SHA-256 of the canonical JSON of {rule, subject, object, scope}. */
export function findingId(rule: string, subject: FindingParty | null, object: FindingParty | null, scope: string): string {
  const key = canonicalJson({ rule, subject: partyJson(subject), object: partyJson(object), scope });
  return `f_${sha256Hex(key).slice(0, ID_HEX_CHARS)}`;
}
