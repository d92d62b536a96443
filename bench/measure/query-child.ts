import 'server-only';
// Who-can on a stored snapshot, in a fresh process: loads it the way the server does
// (lib/server/snapshot-index.ts: readObjects, toClusterObjects, buildAuthzIndex) and runs the
// seeded queries with the index and with the naive scan. Prints one JSON line (QueryMeasurements).
import { performance } from 'node:perf_hooks';
import { toClusterObjects } from '../../lib/core/kube/to-cluster-objects';
import type { ClusterObjects } from '../../lib/core/kube/types';
import { openStore, type Store } from '../../lib/store';
import { logProgress, queryArgsSchema, writeResult, type QueryArgs, type QueryMeasurements } from './child-protocol';
import { mib } from './stats';
import { benchWhoCan } from './who-can-bench';

/** Kept in its own function so the stored bodies can be collected before the queries run. */
async function load(store: Store, snapshotId: number): Promise<{ objects: ClusterObjects; load: QueryMeasurements['load'] }> {
  let start = performance.now();
  const stored = await store.readObjects(snapshotId);
  const readObjectsMs = Math.round(performance.now() - start);
  start = performance.now();
  const objects = toClusterObjects(stored.map((o) => o.body));
  const toClusterObjectsMs = Math.round(performance.now() - start);
  return { objects, load: { readObjectsMs, toClusterObjectsMs, rssAfterLoadMiB: mib(process.memoryUsage().rss) } };
}

async function measure(args: QueryArgs): Promise<QueryMeasurements> {
  const store = await openStore({ databaseUrl: `file:${args.dbFile}` });
  try {
    logProgress(args.tier, 'who-can: loading the first snapshot');
    const loaded = await load(store, args.snapshotId);
    logProgress(args.tier, `who-can: ${args.queries} queries, indexed and naive`);
    return { load: loaded.load, whoCan: benchWhoCan(loaded.objects, args.queries, args.querySeed) };
  } finally {
    await store.close();
  }
}

const args = queryArgsSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
writeResult(await measure(args));
