// Shapes of a snapshot diff. The JSON the CLI prints with `-o json` (and /api/diff returns) is
// DiffResult as is: {objects: {added, removed, changed}, permissions: {gained, lost}, notices}.
import type { JsonValue, MissingKind, SnapshotKind, StoredObject } from '../snapshot/types';

/** One side of a diff: a snapshot's objects and the kinds it could not read. */
export interface DiffSide {
  /** How notices name this side, e.g. `snapshot 12` or a file path. */
  label: string;
  objects: StoredObject[];
  missingKinds: MissingKind[];
}

export interface ObjectRef {
  kind: SnapshotKind;
  name: string;
  /** '' for cluster-scoped objects; a CloudPolicy's policy type. */
  namespace: string;
}

export const FIELD_CHANGE_TYPES = [
  'rule-added',
  'rule-removed',
  'subject-added',
  'subject-removed',
  'role-ref-replaced',
  'aggregation-changed',
  'labels-changed',
  'annotations-changed',
  'field-changed',
  'default-version-changed',
  'document-changed',
  'attachment-added',
  'attachment-removed',
  'group-membership-added',
  'group-membership-removed',
  'inline-policy-added',
  'inline-policy-removed',
  'inline-policy-changed',
  'permissions-boundary-changed',
  'trust-policy-changed',
  'access-key-added',
  'access-key-removed',
  'access-key-changed',
  'api-resources-changed',
] as const;
export type FieldChangeType = (typeof FIELD_CHANGE_TYPES)[number];

/** One field-level change, with a sentence a reviewer reads as is. */
export interface FieldChange {
  type: FieldChangeType;
  text: string;
  before?: JsonValue;
  after?: JsonValue;
}

export interface ChangedObject extends ObjectRef {
  changes: FieldChange[];
}

export interface ObjectDiff {
  added: ObjectRef[];
  removed: ObjectRef[];
  changed: ChangedObject[];
}

/** Who holds a permission: a binding subject (User, Group, ServiceAccount) or a cloud principal. */
export interface PermissionSubject {
  kind: 'User' | 'Group' | 'ServiceAccount' | 'CloudUser' | 'CloudGroup' | 'CloudRole';
  name: string;
  /** ServiceAccounts only. */
  namespace?: string;
}

/**
 * One normalized grant. Wildcards stay as written: `*` on `*` is one grant, never expanded.
 * rbac: verb x (apiGroup, resource[/subresource], resourceName) in a namespace ('' = cluster-wide).
 * rbac-url: verb on a non-resource URL (ClusterRoleBindings only). ram: action on resource.
 */
export type Grant =
  | { type: 'rbac'; namespace: string; verb: string; apiGroup: string; resource: string; resourceName: string; text: string }
  | { type: 'rbac-url'; verb: string; path: string; text: string }
  | {
      type: 'ram';
      action: string;
      resource: string;
      text: string;
      /** Set when the Allow statement has a Condition: granted only when it holds (a distinct grant). */
      condition?: Record<string, Record<string, string[]>>;
      /** Denies or a boundary that may overlap the grant but do not certainly cover it (not subtracted). */
      note?: string;
    };

/** The object change a permission change comes from. */
export interface Cause {
  kind: SnapshotKind;
  name: string;
  namespace: string;
  text: string;
}

export interface PermissionChange {
  subject: PermissionSubject;
  grant: Grant;
  causes: Cause[];
}

export interface PermissionDiff {
  gained: PermissionChange[];
  lost: PermissionChange[];
}

export interface DiffResult {
  objects: ObjectDiff;
  permissions: PermissionDiff;
  /** Kinds left out (partial snapshots), permission sides not computed, and why. */
  notices: string[];
}
