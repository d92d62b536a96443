import 'server-only';
// Loads one stored cloud-account snapshot into a CloudAccount (every policy parsed, principals and
// actions indexed) and the clusters linked to it. The bodies are decoded once
// (lib/core/ram/decode-bodies.ts: a malformed one is an error naming the object and the field) and
// kept next to the account for the pages. Building is the costly part, so the last few are cached:
// snapshots are immutable once finished.
import type { Store } from '../store';
import { CLOUD_KINDS, type SnapshotSummary } from '../core/snapshot/types';
import { accountFromCloudObjects, type CloudAccount } from '../core/ram/account';
import { CloudBodyError, decodeCloudObjects, type CloudObjects, type StoredCloudObject } from '../core/ram/decode-bodies';
import { QuestionError } from './questions/errors';
import {
  linkCluster,
  linkWorkloadRoles,
  podRolesFromObjects,
  type ClusterLinks,
  type LinkedClusterInput,
  type WorkloadRoleLink,
} from '../core/links';
import { cachedPerSnapshot, loadSnapshotIndex, resolveSnapshot, SnapshotUnavailableError } from './snapshot-index';

export interface LoadedCloudAccount {
  snapshot: SnapshotSummary;
  account: CloudAccount;
  /** The snapshot's cloud objects, decoded: the account was built from these. */
  objects: CloudObjects;
}

async function load(store: Store, snapshot: SnapshotSummary): Promise<LoadedCloudAccount> {
  const objects = readableCloudObjects(snapshot, await store.readObjects(snapshot.id, [...CLOUD_KINDS]));
  return { snapshot, account: accountFromCloudObjects(objects), objects };
}

/**
 * The snapshot's cloud objects, decoded. A body that does not decode means the data cannot answer:
 * `unavailable` on the snapshot, naming the object and the field, never a 500 or a partial answer.
 */
export function readableCloudObjects(snapshot: SnapshotSummary, stored: readonly StoredCloudObject[]): CloudObjects {
  try {
    return decodeCloudObjects(stored);
  } catch (error) {
    if (!(error instanceof CloudBodyError)) throw error;
    throw new QuestionError(
      'unavailable',
      'snapshot',
      `snapshot ${snapshot.id} of ${snapshot.sourceName} cannot be read (${error.message}): take a new snapshot of the account`,
    );
  }
}

/** The cloud account of a complete or partial snapshot, built once and reused (the same cache as the RBAC index). */
export const loadCloudAccount: (store: Store, snapshot: SnapshotSummary) => Promise<LoadedCloudAccount> = cachedPerSnapshot(load);

/** The cloud-account snapshot a question is asked of; a cluster source is refused by name. */
export async function resolveCloudSnapshot(store: Store, sourceName: string, snapshotId?: number): Promise<SnapshotSummary> {
  const source = await store.getSource(sourceName);
  if (source && source.kind !== 'cloud-account') {
    throw new SnapshotUnavailableError(
      `source "${sourceName}" is a ${source.kind}, not a cloud account: RAM questions need a cloud-account source`,
    );
  }
  const snapshot = await resolveSnapshot(store, sourceName, snapshotId);
  if (snapshot.missingKinds.length > 0) {
    const missing = snapshot.missingKinds.map((m) => `${m.kind} (${m.reason})`).join(', ');
    throw new SnapshotUnavailableError(
      `snapshot ${snapshot.id} of ${sourceName} is partial and lacks ${missing}: RAM questions cannot be answered from it`,
    );
  }
  return snapshot;
}

export interface LinkedWorkloads {
  workloads: WorkloadRoleLink[];
  /** Linked clusters that could not be read, and links whose issuer was not checked. */
  notices: string[];
}

/** The service accounts of every cluster linked to this cloud source, tied to its roles. */
export async function loadLinkedWorkloads(store: Store, cloudSourceName: string, account: CloudAccount): Promise<LinkedWorkloads> {
  const out: LinkedWorkloads = { workloads: [], notices: [] };
  for (const link of await store.links.listForCloud(cloudSourceName)) {
    try {
      const snapshot = await resolveSnapshot(store, link.clusterSource);
      const loaded = await loadSnapshotIndex(store, snapshot);
      const pods = await store.readObjects(snapshot.id, ['Pod']);
      const cluster: LinkedClusterInput = {
        source: link.clusterSource,
        clusterRef: link.clusterRef,
        objects: loaded.objects,
        podRoles: podRolesFromObjects(pods),
      };
      const workloads = linkWorkloadRoles(account, cluster);
      out.workloads.push(...workloads);
      if (account.provider === 'alibaba' && workloads.some((w) => w.trust && !w.trust.issuerChecked)) {
        out.notices.push(`cluster ${link.clusterSource}: the RRSA issuer is not known, so oidc:iss in trust policies was taken as written`);
      }
    } catch (error) {
      if (!(error instanceof SnapshotUnavailableError)) throw error;
      out.notices.push(`linked cluster ${link.clusterSource} left out: ${error.message}`);
    }
  }
  return out;
}

/**
 * Everything that ties a cluster source to its linked cloud account (ACK UID subjects and orphaned
 * bindings, RRSA/IRSA service accounts, open trust policies), or null when the cluster is not linked.
 */
export async function loadClusterLinks(store: Store, clusterSourceName: string): Promise<ClusterLinks | null> {
  const link = await store.links.getForCluster(clusterSourceName);
  if (!link) return null;
  const { account } = await loadCloudAccount(store, await resolveCloudSnapshot(store, link.cloudSource));
  const snapshot = await resolveSnapshot(store, clusterSourceName);
  const loaded = await loadSnapshotIndex(store, snapshot);
  const pods = await store.readObjects(snapshot.id, ['Pod']);
  return linkCluster(account, {
    source: clusterSourceName,
    clusterRef: link.clusterRef,
    objects: loaded.objects,
    podRoles: podRolesFromObjects(pods),
  });
}
