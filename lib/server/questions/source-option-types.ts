// What the who-can form needs to know about the stored data, as plain serializable props.
import type { SnapshotStatus } from '../../core/snapshot/types';

export interface SnapshotOption {
  id: number;
  /** Null for a running or failed snapshot: only complete and partial ones are numbered. */
  seq: number | null;
  status: SnapshotStatus;
  finishedAt: string | null;
  /** RBAC kinds a partial snapshot lacks: asking it is refused with this list. */
  lacksRbacKinds: string[];
}

export interface SourceOption {
  name: string;
  kind: 'cluster' | 'cloud-account';
  isDemo: boolean;
  /** The snapshot asked when none is chosen. */
  latestUsable: SnapshotOption | null;
  snapshots: SnapshotOption[];
}

/** Input suggestions from one snapshot: its namespaces and its API discovery (APIResourceList). */
export interface QuerySuggestions {
  source: string;
  namespaces: string[];
  /** Top-level resources (no subresource), each with its group ('' = core). */
  resources: { name: string; group: string }[];
  subresources: string[];
  groups: string[];
  verbs: string[];
}
