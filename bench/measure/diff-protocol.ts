// What bench/run.ts hands the diff children and reads back. diff-child.ts times the object and
// permission diff of the stored base snapshot against the 1%-changed one; diff-storage-child.ts
// stores 30 snapshots, each 1% changed from the one before, and compares the database with 30 full copies.
import { z } from 'zod';

export const diffArgsSchema = z.object({ tier: z.string(), dbFile: z.string() });
export type DiffArgs = z.infer<typeof diffArgsSchema>;

export const diffStorageArgsSchema = z.object({
  tier: z.string(),
  dbFile: z.string(),
  seed: z.number().int(),
  snapshots: z.number().int().min(2),
});
export type DiffStorageArgs = z.infer<typeof diffStorageArgsSchema>;

export interface DiffMeasurements {
  objects: number;
  changedObjects: number;
  readMs: number;
  objectDiffMs: number;
  /** Building both RBAC indexes (toClusterObjects + buildAuthzIndex). */
  indexMs: number;
  /** Affected subjects' grants on both sides, compared, with causes. */
  permissionCompareMs: number;
  /** indexMs + permissionCompareMs: what the permission-diff target is judged on. */
  permissionDiffMs: number;
  gained: number;
  lost: number;
  peakRssMiB: number;
}

export interface DiffStorageMeasurements {
  snapshots: number;
  changedFraction: number;
  bytesAfterFirstSnapshot: number;
  bytesAfterAll: number;
  /** snapshots x bytesAfterFirstSnapshot: what keeping every snapshot whole would take. */
  fullCopiesBytes: number;
  /** bytesAfterAll / fullCopiesBytes. */
  ratio: number;
  totalMs: number;
}

export const DIFF_TARGETS = { objectDiffMs: 2_000, permissionDiffMs: 10_000 } as const;
