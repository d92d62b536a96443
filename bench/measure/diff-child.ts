// Times the snapshot diff on a stored tier: the first (base) snapshot against the newest (1%
// changed), read from the store as the server does. Run by bench/run.ts after ingest-child.ts.
import 'server-only';
import { performance } from 'node:perf_hooks';
import { diffObjects, diffPermissions, excludedKinds } from '../../lib/core/diff';
import { toClusterObjects } from '../../lib/core/kube/to-cluster-objects';
import { buildAuthzIndex } from '../../lib/core/rbac';
import { openStore } from '../../lib/store';
import { loadDiffSide, requireSource, usableSnapshots } from '../../lib/server/drift';
import { logProgress, SOURCE_NAME, writeResult } from './child-protocol';
import { diffArgsSchema, type DiffMeasurements } from './diff-protocol';
import { mib } from './stats';

function timed<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const out = fn();
  return [out, Math.round(performance.now() - start)];
}

async function measure(): Promise<DiffMeasurements> {
  const args = diffArgsSchema.parse(JSON.parse(process.argv[2] ?? '{}'));
  const store = await openStore({ databaseUrl: `file:${args.dbFile}` });
  try {
    const source = await requireSource(store, SOURCE_NAME);
    const usable = await usableSnapshots(store, source);
    const [to, from] = [usable[0], usable[usable.length - 1]];
    if (!to || !from || to.id === from.id) throw new Error(`${SOURCE_NAME} needs two snapshots`);
    logProgress(args.tier, `diff: snapshot ${from.id} -> ${to.id}`);
    const readStart = performance.now();
    const [a, b] = [await loadDiffSide(store, from), await loadDiffSide(store, to)];
    const readMs = Math.round(performance.now() - readStart);
    const [objects, objectDiffMs] = timed(() => diffObjects(a, b, excludedKinds(a, b).kinds));
    const [indexes, indexMs] = timed(() => [a, b].map((side) => buildAuthzIndex(toClusterObjects(side.objects.map((o) => o.body)))));
    const [permissions, permissionCompareMs] = timed(() => diffPermissions(indexes[0]!, indexes[1]!, objects));
    return {
      objects: b.objects.length,
      changedObjects: objects.added.length + objects.removed.length + objects.changed.length,
      readMs,
      objectDiffMs,
      indexMs,
      permissionCompareMs,
      permissionDiffMs: indexMs + permissionCompareMs,
      gained: permissions.gained.length,
      lost: permissions.lost.length,
      peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
    };
  } finally {
    await store.close();
  }
}

writeResult(await measure());
