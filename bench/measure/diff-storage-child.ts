// History storage under steady churn: a fresh SQLite store gets N snapshots of a tier, each 1%
// changed from the one before (bench/synth/mutate.ts), through the real store. The database's
// bytes are compared with N full copies of the first snapshot.
import 'server-only';
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { generateCluster, isTierName, LIST_NAMES, mutate, TIERS, type GeneratedCluster } from '../../bench/generate-cluster';
import { normalizeList } from '../../lib/core/kube/normalize';
import { openStore, recordSnapshot, type Store } from '../../lib/store';
import { logProgress, SOURCE_NAME, writeResult } from './child-protocol';
import { diffStorageArgsSchema, type DiffStorageMeasurements } from './diff-protocol';

const FRACTION = 0.01;

async function store1(store: Store, cluster: GeneratedCluster, origin: string): Promise<void> {
  const { objects, warnings } = normalizeList(LIST_NAMES.flatMap((name) => cluster[name]));
  const summary = await recordSnapshot(
    store,
    SOURCE_NAME,
    'cluster',
    { ok: true, snapshot: { objects, missingKinds: [], warnings, origin } },
    origin,
  );
  if (summary.status !== 'complete') throw new Error(`${origin}: snapshot is ${summary.status}`);
}

async function measure(): Promise<DiffStorageMeasurements> {
  const args = diffStorageArgsSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
  if (!isTierName(args.tier)) throw new Error(`unknown tier ${args.tier}`);
  rmSync(args.dbFile, { force: true });
  const start = performance.now();
  const store = await openStore({ databaseUrl: `file:${args.dbFile}` });
  try {
    await store.ensureSource({ name: SOURCE_NAME, kind: 'cluster' });
    let cluster = generateCluster(TIERS[args.tier], args.seed);
    await store1(store, cluster, 'snapshot 1');
    const bytesAfterFirstSnapshot = await store.databaseBytes();
    for (let i = 2; i <= args.snapshots; i++) {
      cluster = mutate(cluster, FRACTION, args.seed + i);
      await store1(store, cluster, `snapshot ${i}`);
      if (i % 5 === 0) logProgress(args.tier, `history: ${i} of ${args.snapshots} snapshots stored`);
    }
    const bytesAfterAll = await store.databaseBytes();
    const fullCopiesBytes = bytesAfterFirstSnapshot * args.snapshots;
    return {
      snapshots: args.snapshots,
      changedFraction: FRACTION,
      bytesAfterFirstSnapshot,
      bytesAfterAll,
      fullCopiesBytes,
      ratio: Math.round((bytesAfterAll / fullCopiesBytes) * 1000) / 1000,
      totalMs: Math.round(performance.now() - start),
    };
  } finally {
    await store.close();
  }
}

writeResult(await measure());
