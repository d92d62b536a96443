import 'server-only';
// Loads the clearly labeled demo cluster into an empty database: four snapshots a
// week apart, ending now, so drift and weekly review have something to show; then the
// demo RAM account linked to it (ram-seed.ts).
import type { Store } from '../../store';
import { buildDemoCluster } from './demo-cluster';
import { seedDemoRamAccount } from './ram-seed';
import type { DemoWeek } from './tenant-layer';

export const DEMO_SOURCE_NAME = 'demo-cluster';
export const DEMO_DESCRIPTION =
  "Demo data: a synthetic cluster built from Kubernetes' default roles, the RBAC of 14 popular projects, and an invented tenant layer.";

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
const WEEKS: DemoWeek[] = [1, 2, 3, 4];

export async function seedDemo(store: Store, now = new Date()): Promise<void> {
  const source = await store.ensureSource({
    name: DEMO_SOURCE_NAME,
    kind: 'cluster',
    connection: { demo: true, description: DEMO_DESCRIPTION },
  });
  for (const week of WEEKS) {
    const startedAt = new Date(now.getTime() - (WEEKS.length - week) * WEEK_MS);
    const origin = `demo data, week ${week} of ${WEEKS.length}`;
    const snapshot = await store.startSnapshot(source.id, origin, { at: startedAt });
    await store.finishSnapshot(
      snapshot.id,
      { objects: buildDemoCluster(week), missingKinds: [], warnings: [], origin },
      { at: new Date(startedAt.getTime() + 42_000) },
    );
  }
  await seedDemoRamAccount(store, WEEKS, now, DEMO_SOURCE_NAME);
}

/** Seeds the demo unless the database already holds anything (or ACCESS_ATLAS_DEMO=0). */
export async function seedDemoIfEmpty(store: Store): Promise<boolean> {
  if (process.env.ACCESS_ATLAS_DEMO === '0') return false;
  if (!(await store.isEmpty())) return false;
  await seedDemo(store);
  return true;
}
