// What bench/run.ts hands to its child processes (argv[2], JSON) and reads back (stdout, one marked JSON line).
// Each tier runs two children: ingest-child.ts (so peak RSS is that tier's import alone) and
// query-child.ts (a fresh process that loads the stored snapshot, as the server does).
import { z } from 'zod';
import type { WhoCanReport } from './who-can-bench';

export const SOURCE_NAME = 'bench-cluster';

export const ingestArgsSchema = z.object({
  tier: z.string(),
  baseDir: z.string(),
  mutatedDir: z.string(),
  dbFile: z.string(),
});
export type IngestArgs = z.infer<typeof ingestArgsSchema>;

export const queryArgsSchema = z.object({
  tier: z.string(),
  dbFile: z.string(),
  snapshotId: z.number().int(),
  queries: z.number().int().positive(),
  querySeed: z.number().int(),
});
export type QueryArgs = z.infer<typeof queryArgsSchema>;

export interface IngestMeasurements {
  /** The first snapshot, which query-child.ts loads. */
  snapshotId: number;
  ingest: {
    objects: number;
    parseNormalizeMs: number;
    storeWriteMs: number;
    totalMs: number;
    /** Process high-water mark (getrusage ru_maxrss) at the end of the first ingest. */
    peakRssMiB: number;
    /** The same high-water mark after parse+normalize, before the store write. */
    peakRssAfterParseMiB: number;
    /** RSS of the child before reading anything (Node, tsx, Prisma loaded). */
    baselineRssMiB: number;
  };
  store: {
    bytesAfterFirstSnapshot: number;
    unchangedResnapshotBytes: number;
    unchangedResnapshotMs: number;
    changedResnapshotBytes: number;
    changedResnapshotMs: number;
    /** Stored objects added, removed or with a different hash in the 1% snapshot. */
    changedObjects: number;
  };
}

export interface QueryMeasurements {
  load: { readObjectsMs: number; toClusterObjectsMs: number; rssAfterLoadMiB: number };
  whoCan: WhoCanReport;
}

export type TierMeasurements = Omit<IngestMeasurements, 'snapshotId'> & QueryMeasurements;

/**
 * Children print their result on one stdout line behind this marker, so that anything else a
 * library writes to stdout (a stray console.log) cannot be mistaken for it.
 */
export const RESULT_MARKER = '@@bench-result ';

export function writeResult(result: object): void {
  process.stdout.write(`\n${RESULT_MARKER}${JSON.stringify(result)}\n`);
}

/** The marked line of a child's stdout, or undefined. */
export function readResult(stdout: string): string | undefined {
  const line = stdout.split('\n').findLast((l) => l.startsWith(RESULT_MARKER));
  return line?.slice(RESULT_MARKER.length);
}

export function logProgress(tier: string, message: string): void {
  process.stderr.write(`[bench ${tier}] ${message}\n`);
}
