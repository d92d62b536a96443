// Turns a Kubernetes object as read (kubectl dump, API list item) into the StoredObject the
// store keeps: only kinds we reason about, volatile fields dropped before hashing so an
// unchanged object hashes the same in every snapshot, Pods reduced to their identity.

import { isClusterKind, isJsonObject, type ClusterKind, type JsonObject, type JsonValue, type StoredObject } from '../snapshot/types';
import { canonicalJson, sha256Hex } from './canonical-json';

/**
 * The API group each kept kind belongs to (any version of it). A custom resource that
 * reuses one of these kind names in another group (say a `Role` CRD) is not RBAC and must
 * not be read as such.
 */
const KIND_GROUPS: Readonly<Record<ClusterKind, string>> = {
  Namespace: '',
  ServiceAccount: '',
  Pod: '',
  APIResourceList: '',
  Role: 'rbac.authorization.k8s.io',
  ClusterRole: 'rbac.authorization.k8s.io',
  RoleBinding: 'rbac.authorization.k8s.io',
  ClusterRoleBinding: 'rbac.authorization.k8s.io',
};

/** Cluster-scoped kinds: the API server ignores metadata.namespace on these, so do we. */
const CLUSTER_SCOPED: ReadonlySet<ClusterKind> = new Set<ClusterKind>([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'APIResourceList',
]);

/** Written by `kubectl apply`; a full copy of the object, changes whenever the manifest's formatting does. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/** Set by the kubelet on mirror pods of static pods (k8s.io/api/core/v1 MirrorPodAnnotationKey). */
const MIRROR_POD = 'kubernetes.io/config.mirror';
/** Injected by ACK's RRSA webhook; the RAM role a pod assumes. Needed for cross-layer links. */
const RRSA_ROLE_ENV = 'ALIBABA_CLOUD_ROLE_ARN';
/** ObjectMeta fields that change without the object's meaning changing. */
const VOLATILE_METADATA = ['managedFields', 'resourceVersion', 'generation', 'selfLink'] as const;

/** Thrown for an object whose shape no API server would accept (no name, metadata not an object). */
export class InvalidObjectError extends Error {
  override name = 'InvalidObjectError';
}

/** '' for the core group (`v1`), else the part before the slash. */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** The kept kind this object is, or null (Secrets, Deployments, CRDs, a `Role` from another group). */
export function keptKindOf(raw: JsonObject): ClusterKind | null {
  const { kind, apiVersion } = raw;
  if (typeof kind !== 'string' || typeof apiVersion !== 'string') return null;
  if (!isClusterKind(kind)) return null;
  return apiGroupOf(apiVersion) === KIND_GROUPS[kind] ? kind : null;
}

export function isClusterScopedKind(kind: ClusterKind): boolean {
  return CLUSTER_SCOPED.has(kind);
}

/** True for a kept, namespaced object without metadata.namespace (normalizeObject will default it). */
export function lacksNamespace(raw: JsonObject): boolean {
  const kind = keptKindOf(raw);
  if (kind === null || isClusterScopedKind(kind)) return false;
  const metadata = raw.metadata;
  if (!isJsonObject(metadata)) return true;
  return typeof metadata.namespace !== 'string' || metadata.namespace === '';
}

/** `Deployment (apps/v1)`: how a skipped object's type is named in warnings. */
export function kindLabel(raw: JsonObject): string {
  const kind = typeof raw.kind === 'string' ? raw.kind : '(no kind)';
  const apiVersion = typeof raw.apiVersion === 'string' ? raw.apiVersion : 'no apiVersion';
  return `${kind} (${apiVersion})`;
}

/** `Kind/namespace/name`: the identity of a stored object within one snapshot. */
export function objectKey(object: Pick<StoredObject, 'kind' | 'namespace' | 'name'>): string {
  return `${object.kind}/${object.namespace}/${object.name}`;
}

/**
 * Normalizes one object, or returns null for kinds we do not keep. Secrets are refused on
 * their kind alone, before anything else of them is read.
 *
 * A namespaced object without metadata.namespace gets `defaultNamespace`: `kubectl apply`
 * without `-n` puts it in the context's namespace, `default` unless configured otherwise.
 * Callers that read files should warn when that happens (see lacksNamespace).
 */
export function normalizeObject(raw: JsonObject, defaultNamespace = 'default'): StoredObject | null {
  if (raw.kind === 'Secret') return null;
  const kind = keptKindOf(raw);
  if (kind === null) return null;
  if (kind === 'APIResourceList') return store(kind, '', ...reduceApiResourceList(raw));
  const metadata = raw.metadata;
  if (!isJsonObject(metadata)) throw new InvalidObjectError(`${kind} has no metadata`);
  const name = metadata.name;
  if (typeof name !== 'string' || name === '') throw new InvalidObjectError(`${kind} has no metadata.name`);
  const namespace = isClusterScopedKind(kind) ? '' : namespaceOf(kind, name, metadata, defaultNamespace);
  const body = kind === 'Pod' ? reducePod(raw, metadata, name, namespace) : cleanObject(raw, metadata, namespace);
  return store(kind, namespace, name, body);
}

export interface NormalizedList {
  /** One per kind/namespace/name; where the input repeats an object, the last one wins. */
  objects: StoredObject[];
  warnings: string[];
}

/** Normalizes many objects: skipped kinds and repeated objects are reported, not fatal. */
export function normalizeList(raws: readonly JsonObject[], defaultNamespace = 'default'): NormalizedList {
  const byKey = new Map<string, StoredObject>();
  const skipped = new Map<string, number>();
  const warnings: string[] = [];
  for (const raw of raws) {
    const object = normalizeObject(raw, defaultNamespace);
    if (object === null) {
      const label = kindLabel(raw);
      skipped.set(label, (skipped.get(label) ?? 0) + 1);
      continue;
    }
    const key = objectKey(object);
    if (byKey.has(key)) warnings.push(`${key} appears more than once; the last one is kept`);
    byKey.delete(key);
    byKey.set(key, object);
  }
  for (const [label, count] of skipped) warnings.push(`skipped ${count} ${label} (not a kind Access Atlas keeps)`);
  return { objects: [...byKey.values()], warnings };
}

function store(kind: ClusterKind, namespace: string, name: string, body: JsonObject): StoredObject {
  return { kind, namespace, name, body, hash: sha256Hex(canonicalJson(body)) };
}

function namespaceOf(kind: ClusterKind, name: string, metadata: JsonObject, fallback: string): string {
  const namespace = metadata.namespace;
  if (namespace === undefined || namespace === null || namespace === '') return fallback;
  if (typeof namespace !== 'string') throw new InvalidObjectError(`${kind} ${name}: metadata.namespace is not a string`);
  return namespace;
}

/** Everything but status and volatile metadata. */
function cleanObject(raw: JsonObject, metadata: JsonObject, namespace: string): JsonObject {
  const body: JsonObject = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'status' || key === 'metadata') continue;
    body[key] = value;
  }
  body.metadata = cleanMetadata(metadata, namespace);
  return body;
}

function cleanMetadata(metadata: JsonObject, namespace: string): JsonObject {
  const out: JsonObject = { ...metadata };
  for (const field of VOLATILE_METADATA) delete out[field];
  // `kubectl create --dry-run -o yaml` and upstream's bootstrap fixtures print
  // `creationTimestamp: null`; a server-side object never has it null.
  if (out.creationTimestamp === null) delete out.creationTimestamp;
  if (namespace === '') delete out.namespace;
  else out.namespace = namespace;
  if (isJsonObject(out.annotations) && LAST_APPLIED in out.annotations) {
    const { [LAST_APPLIED]: _dropped, ...rest } = out.annotations;
    out.annotations = rest;
  }
  // ObjectMeta's labels and annotations are `omitempty`: an empty map and no map are the same object.
  for (const field of ['labels', 'annotations'] as const) {
    const value = out[field];
    if (isJsonObject(value) && Object.keys(value).length === 0) delete out[field];
  }
  return out;
}

/**
 * Only the identity a Pod runs as (who-can and RRSA questions need no more). Images,
 * commands, volumes and env values would be data we must not hold.
 */
function reducePod(raw: JsonObject, metadata: JsonObject, name: string, namespace: string): JsonObject {
  const spec = isJsonObject(raw.spec) ? raw.spec : {};
  const reducedMeta: JsonObject = { name, namespace };
  if (isJsonObject(metadata.labels) && Object.keys(metadata.labels).length > 0) reducedMeta.labels = metadata.labels;
  const isMirror = isJsonObject(metadata.annotations) && typeof metadata.annotations[MIRROR_POD] === 'string';
  if (isMirror && isJsonObject(metadata.annotations)) {
    reducedMeta.annotations = { [MIRROR_POD]: metadata.annotations[MIRROR_POD] ?? '' };
  }
  const owners = reduceOwners(metadata.ownerReferences);
  if (owners.length > 0) reducedMeta.ownerReferences = owners;

  const reducedSpec: JsonObject = { serviceAccountName: podServiceAccount(spec, isMirror) };
  if (typeof spec.automountServiceAccountToken === 'boolean') {
    reducedSpec.automountServiceAccountToken = spec.automountServiceAccountToken;
  }
  for (const field of ['initContainers', 'containers'] as const) {
    const containers = reduceContainers(spec[field]);
    if (containers.length > 0) reducedSpec[field] = containers;
  }
  return { apiVersion: raw.apiVersion ?? 'v1', kind: 'Pod', metadata: reducedMeta, spec: reducedSpec };
}

/**
 * The ServiceAccount admission plugin sets `default` when none is named, except on mirror
 * pods, which may not use one (plugin/pkg/admission/serviceaccount/admission.go). The
 * deprecated `serviceAccount` field is an alias used only when serviceAccountName is empty
 * (pkg/apis/core/v1/conversion.go, Convert_v1_PodSpec_To_core_PodSpec).
 */
function podServiceAccount(spec: JsonObject, isMirror: boolean): string {
  for (const field of ['serviceAccountName', 'serviceAccount'] as const) {
    const value = spec[field];
    if (typeof value === 'string' && value !== '') return value;
  }
  return isMirror ? '' : 'default';
}

function reduceOwners(value: JsonValue | undefined): JsonObject[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isJsonObject).map((owner) => {
    const out: JsonObject = { kind: owner.kind ?? '', name: owner.name ?? '' };
    if (typeof owner.controller === 'boolean') out.controller = owner.controller;
    return out;
  });
}

/** Containers that carry the RRSA role variable, with that variable only (a literal value or none). */
function reduceContainers(value: JsonValue | undefined): JsonObject[] {
  if (!Array.isArray(value)) return [];
  const out: JsonObject[] = [];
  for (const container of value.filter(isJsonObject)) {
    const env = Array.isArray(container.env) ? container.env.filter(isJsonObject) : [];
    const kept = env
      .filter((entry) => entry.name === RRSA_ROLE_ENV)
      .map((entry): JsonObject =>
        typeof entry.value === 'string' ? { name: RRSA_ROLE_ENV, value: entry.value } : { name: RRSA_ROLE_ENV },
      );
    if (kept.length > 0) out.push({ name: container.name ?? '', env: kept });
  }
  return out;
}

/** API discovery for one groupVersion: what `kubectl api-resources` needs, nothing volatile. */
function reduceApiResourceList(raw: JsonObject): [string, JsonObject] {
  const groupVersion = raw.groupVersion;
  if (typeof groupVersion !== 'string' || groupVersion === '') {
    throw new InvalidObjectError('APIResourceList has no groupVersion');
  }
  const resources = Array.isArray(raw.resources) ? raw.resources : [];
  const reduced = resources.map((resource, index): JsonObject => {
    if (!isJsonObject(resource) || typeof resource.name !== 'string' || typeof resource.kind !== 'string') {
      throw new InvalidObjectError(`APIResourceList ${groupVersion}: resources[${index}] needs a name and a kind`);
    }
    const verbs = Array.isArray(resource.verbs) ? resource.verbs.filter((verb) => typeof verb === 'string') : [];
    return { name: resource.name, namespaced: resource.namespaced === true, kind: resource.kind, verbs };
  });
  return [groupVersion, { apiVersion: 'v1', kind: 'APIResourceList', groupVersion, resources: reduced }];
}
