import 'server-only';
// client-node deserializes responses into model classes (Dates for timestamps). The store
// keeps objects as the API server sends them, so models are turned back into wire JSON here:
// the vendor type stops at this door.

import type { JsonObject } from '../../core/snapshot/types';

/**
 * The object as JSON, with kind and apiVersion set: items of a list response carry neither
 * (the list's kind says what they are).
 */
export function toWireJson(model: object, kind: string, apiVersion: string): JsonObject {
  const json = JSON.parse(JSON.stringify(model, keepKubeTime)) as JsonObject;
  return { ...json, apiVersion, kind };
}

/**
 * metav1.Time marshals as RFC 3339 with second precision ("2024-03-01T10:00:00Z"); a JS Date
 * prints milliseconds. Printing it the server's way keeps hashes equal to those of a
 * `kubectl get -o json` dump of the same object.
 */
function keepKubeTime(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const original = this[key];
  if (!(original instanceof Date)) return value;
  if (Number.isNaN(original.getTime())) return null;
  return original.toISOString().replace(/\.000Z$/, 'Z');
}
