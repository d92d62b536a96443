// The unit a collector hands to the store: normalized objects with their content hash,
// plus what could not be read. Shared by lib/collect, lib/store and the CLI.

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A JSON object (not an array, not null): the one check every reader of parsed JSON needs. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Kinds a cluster snapshot holds. APIResourceList is API discovery, one object per groupVersion. */
export const CLUSTER_KINDS = [
  'Namespace',
  'ServiceAccount',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'Pod',
  'APIResourceList',
] as const;
export type ClusterKind = (typeof CLUSTER_KINDS)[number];

/** The kinds without which no RBAC answer is complete. */
export const RBAC_KINDS: readonly ClusterKind[] = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];

export function isClusterKind(kind: string): kind is ClusterKind {
  return (CLUSTER_KINDS as readonly string[]).includes(kind);
}

/**
 * Kinds a cloud-account snapshot holds (Alibaba Cloud RAM or AWS IAM; the bodies are defined in
 * lib/core/ram/model.ts). namespace is '' except for CloudPolicy, where it is the policy type.
 */
export const CLOUD_KINDS = ['CloudAccount', 'CloudUser', 'CloudGroup', 'CloudRole', 'CloudPolicy'] as const;
export type CloudKind = (typeof CLOUD_KINDS)[number];

export function isCloudKind(kind: string): kind is CloudKind {
  return (CLOUD_KINDS as readonly string[]).includes(kind);
}

/** Any kind a snapshot may hold: a cluster's or a cloud account's. */
export type SnapshotKind = ClusterKind | CloudKind;

export function isSnapshotKind(kind: string): kind is SnapshotKind {
  return isClusterKind(kind) || isCloudKind(kind);
}

/** A normalized object (volatile fields dropped) and the SHA-256 of its canonical JSON. */
export interface StoredObject {
  kind: SnapshotKind;
  /** '' for cluster-scoped objects. */
  namespace: string;
  name: string;
  body: JsonObject;
  hash: string;
}

export interface MissingKind {
  kind: SnapshotKind;
  reason: string;
}

/** What a successful (possibly partial) collection produced. */
export interface CollectedSnapshot {
  objects: StoredObject[];
  /** Kinds that could not be read (e.g. 403). Non-empty means the snapshot is partial. */
  missingKinds: MissingKind[];
  /** Non-fatal remarks, e.g. ignored kinds in a file. */
  warnings: string[];
  /** Human description of where the data came from (file paths, server URL). */
  origin: string;
}

export type SnapshotStatus = 'running' | 'complete' | 'partial' | 'failed';

export interface SnapshotSummary {
  id: number;
  sourceId: number;
  sourceName: string;
  /**
   * Position among the source's successful snapshots (1, 2, ...); null while running and for a
   * failed one, which never get a place in that history.
   */
  seq: number | null;
  status: SnapshotStatus;
  startedAt: Date;
  finishedAt: Date | null;
  counts: Partial<Record<SnapshotKind, number>>;
  missingKinds: MissingKind[];
  digest: string | null;
  error: string | null;
  origin: string;
  /** The collector's non-fatal remarks (CollectedSnapshot.warnings). */
  warnings: string[];
}

/** A complete or partial snapshot: the only kind that is numbered and holds data to answer from. */
export type UsableSnapshot = SnapshotSummary & { status: 'complete' | 'partial'; seq: number };

export function isUsableSnapshot(s: SnapshotSummary): s is UsableSnapshot {
  return (s.status === 'complete' || s.status === 'partial') && s.seq !== null;
}

/** Why a collection failed as a whole. Nothing is stored for a failed collection but the failure itself. */
export interface CollectError {
  code: 'unauthorized' | 'forbidden' | 'network' | 'timeout' | 'server' | 'bad-config' | 'bad-input';
  /** Names the input: the file and position, or the server and request. */
  message: string;
}

export type CollectResult = { ok: true; snapshot: CollectedSnapshot } | { ok: false; error: CollectError };

export type SourceKind = 'cluster' | 'cloud-account';

export interface Source {
  id: number;
  name: string;
  kind: SourceKind;
  /** Where snapshots come from (kubeconfig path and context, in-cluster, files). Never credentials. */
  connection: JsonObject;
  createdAt: Date;
}
