import 'server-only';
// One tier's import, in a process of its own so that peak RSS is this tier's alone. Reads the
// files bench/run.ts wrote as a user's import would (lib/collect/files), stores them in a fresh
// SQLite file (lib/store), then imports the same files again and a 1%-changed copy to see how
// much the database grows. Prints one JSON line (IngestMeasurements) on stdout.
import { performance } from 'node:perf_hooks';
import { collectFromFiles } from '../../lib/collect/files';
import type { CollectedSnapshot, CollectResult } from '../../lib/core/snapshot/types';
import { openStore, recordSnapshot, type Store } from '../../lib/store';
import { ingestArgsSchema, logProgress, writeResult, SOURCE_NAME, type IngestArgs, type IngestMeasurements } from './child-protocol';
import { mib } from './stats';

function maxRssMiB(): number {
  return mib(process.resourceUsage().maxRSS * 1024);
}

function snapshotOf(result: CollectResult, what: string): CollectedSnapshot {
  if (!result.ok) throw new Error(`${what}: ${result.error.code}: ${result.error.message}`);
  return result.snapshot;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const out = await fn();
  return [out, Math.round(performance.now() - start)];
}

/** kind/namespace/name -> hash, kept instead of the snapshot so its bodies can be collected. */
function hashes(snapshot: CollectedSnapshot): Map<string, string> {
  return new Map(snapshot.objects.map((o) => [`${o.kind}/${o.namespace}/${o.name}`, o.hash]));
}

function changedBetween(before: Map<string, string>, after: Map<string, string>): number {
  let changed = 0;
  for (const [key, hash] of after) if (before.get(key) !== hash) changed++;
  for (const key of before.keys()) if (!after.has(key)) changed++;
  return changed;
}

/** Imports a directory as a new snapshot; returns the bytes the database grew by. */
async function resnapshot(store: Store, dir: string): Promise<{ bytes: number; ms: number; hashes: Map<string, string> }> {
  const before = await store.databaseBytes();
  const [objectHashes, ms] = await timed(async () => {
    const collected = snapshotOf(await collectFromFiles([dir]), dir);
    await recordSnapshot(store, SOURCE_NAME, 'cluster', { ok: true, snapshot: collected }, dir);
    return hashes(collected);
  });
  return { bytes: (await store.databaseBytes()) - before, ms, hashes: objectHashes };
}

async function firstIngest(store: Store, args: IngestArgs) {
  logProgress(args.tier, 'ingest: reading and normalizing files');
  const [base, parseNormalizeMs] = await timed(async () => snapshotOf(await collectFromFiles([args.baseDir]), args.baseDir));
  const peakRssAfterParseMiB = maxRssMiB();
  logProgress(args.tier, `ingest: writing ${base.objects.length} objects`);
  const [first, storeWriteMs] = await timed(() =>
    recordSnapshot(store, SOURCE_NAME, 'cluster', { ok: true, snapshot: base }, args.baseDir),
  );
  if (first.status !== 'complete') throw new Error(`first snapshot is ${first.status}: ${first.error ?? ''}`);
  const ingest = {
    objects: base.objects.length,
    parseNormalizeMs,
    storeWriteMs,
    totalMs: parseNormalizeMs + storeWriteMs,
    peakRssMiB: maxRssMiB(),
    peakRssAfterParseMiB,
  };
  return { snapshotId: first.id, ingest, baseHashes: hashes(base) };
}

async function measure(args: IngestArgs): Promise<IngestMeasurements> {
  const baselineRssMiB = mib(process.memoryUsage().rss);
  const store = await openStore({ databaseUrl: `file:${args.dbFile}` });
  try {
    await store.ensureSource({ name: SOURCE_NAME, kind: 'cluster' });
    const { snapshotId, ingest, baseHashes } = await firstIngest(store, args);
    const bytesAfterFirstSnapshot = await store.databaseBytes();
    logProgress(args.tier, 'store: unchanged re-snapshot');
    const unchanged = await resnapshot(store, args.baseDir);
    logProgress(args.tier, 'store: 1% changed snapshot');
    const changed = await resnapshot(store, args.mutatedDir);
    return {
      snapshotId,
      ingest: { ...ingest, baselineRssMiB },
      store: {
        bytesAfterFirstSnapshot,
        unchangedResnapshotBytes: unchanged.bytes,
        unchangedResnapshotMs: unchanged.ms,
        changedResnapshotBytes: changed.bytes,
        changedResnapshotMs: changed.ms,
        changedObjects: changedBetween(baseHashes, changed.hashes),
      },
    };
  } finally {
    await store.close();
  }
}

const args = ingestArgsSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
writeResult(await measure(args));
