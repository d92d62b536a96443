// Shared state while generating one cluster: the random stream and the server-assigned metadata
// (uid, resourceVersion, creationTimestamp) that every object carries in `kubectl get -o json`.
import type { JsonObject } from '../../lib/core/snapshot/types';
import { Rng } from './prng';

const EPOCH_MS = Date.UTC(2024, 0, 1);
const YEAR_S = 365 * 24 * 3600;

export class GenContext {
  readonly rng: Rng;
  private rv: number;

  constructor(seed: number, firstResourceVersion = 1000) {
    this.rng = new Rng(seed);
    this.rv = firstResourceVersion;
  }

  /** Strictly increasing, like etcd revisions. */
  nextResourceVersion(): string {
    this.rv += this.rng.between(1, 40);
    return String(this.rv);
  }

  /** RFC 3339 seconds precision, as metav1.Time marshals. */
  timestamp(): string {
    const ms = EPOCH_MS + this.rng.int(YEAR_S) * 1000;
    return new Date(ms).toISOString().replace('.000Z', 'Z');
  }

  meta(name: string, namespace?: string, extra: JsonObject = {}): JsonObject {
    const meta: JsonObject = {
      creationTimestamp: this.timestamp(),
      name,
      resourceVersion: this.nextResourceVersion(),
      uid: this.rng.uuid(),
      ...extra,
    };
    if (namespace !== undefined) meta.namespace = namespace;
    return meta;
  }
}

/** Recursively sorts object keys: kubectl prints unstructured objects with Go's sorted map keys. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}
