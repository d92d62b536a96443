import 'server-only';
// Objects for store tests: real Kubernetes bootstrap RBAC (fixtures/k8s-bootstrap) and
// generated namespaced objects in the shape `kubectl get -o yaml` prints.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { canonicalJson, sha256Hex } from '../../core/kube/canonical-json';
import { isClusterKind, isJsonObject, type CollectedSnapshot, type JsonObject, type StoredObject } from '../../core/snapshot/types';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'k8s-bootstrap');

/** The StoredObject contract: SHA-256 of the body's canonical JSON. */
export function hashBody(body: JsonObject): string {
  return sha256Hex(canonicalJson(body));
}

export function toStored(body: JsonObject): StoredObject {
  const kind = body.kind;
  const metadata = body.metadata;
  if (typeof kind !== 'string' || !isClusterKind(kind) || !isJsonObject(metadata) || typeof metadata.name !== 'string') {
    throw new Error(`not a Kubernetes object: ${JSON.stringify(body).slice(0, 80)}`);
  }
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : '';
  return { kind, namespace, name: metadata.name, body, hash: hashBody(body) };
}

/** The items of a `kind: List` fixture file. */
export function fixtureObjects(file: string): StoredObject[] {
  const list: unknown = parse(readFileSync(join(FIXTURES, file), 'utf8'));
  if (!isJsonObject(list) || !Array.isArray(list.items)) throw new Error(`${file} is not a List`);
  return list.items.map((item) => {
    if (!isJsonObject(item)) throw new Error(`${file}: an item is not an object`);
    return toStored(item);
  });
}

export function role(namespace: string, name: string, verbs: string[] = ['get', 'list']): StoredObject {
  return toStored({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name, namespace },
    rules: [{ apiGroups: [''], resources: ['configmaps', 'secrets'], verbs }],
  });
}

export function pod(namespace: string, name: string, serviceAccount = 'default'): StoredObject {
  return toStored({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, spec: { serviceAccountName: serviceAccount } });
}

/** `count` Roles spread over 20 namespaces: r0 .. r{count-1}. */
export function manyRoles(count: number): StoredObject[] {
  return Array.from({ length: count }, (_, i) => role(`team-${i % 20}`, `r${i}`));
}

export function collected(objects: StoredObject[], extra: Partial<CollectedSnapshot> = {}): CollectedSnapshot {
  return { objects, missingKinds: [], warnings: [], origin: 'test', ...extra };
}

/** Sorted the way readObjects returns objects: by kind, then namespace, then name. */
export function sorted(objects: readonly StoredObject[]): StoredObject[] {
  return [...objects].sort((a, b) => cmp(a.kind, b.kind) || cmp(a.namespace, b.namespace) || cmp(a.name, b.name));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
