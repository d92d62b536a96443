import 'server-only';
// Loads the demo RAM account (demo-ram) beside the demo cluster: four snapshots a week apart,
// taken a few minutes after the cluster's, and the link that tells the app demo-cluster is the
// account's ACK cluster c-demo1234 (store part `links`, lib/store/source-links.ts).
import type { Store } from '../../store';
import { buildDemoRamAccount, DEMO_RAM_DESCRIPTION, DEMO_RAM_SOURCE_NAME } from './ram-account';
import { DEMO_ACK_CLUSTER_ID } from './ram-identities';
import type { DemoWeek } from './tenant-layer';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
const AFTER_CLUSTER_MS = 5 * 60 * 1000;

export async function seedDemoRamAccount(store: Store, weeks: readonly DemoWeek[], now: Date, clusterSource: string): Promise<void> {
  const source = await store.ensureSource({
    name: DEMO_RAM_SOURCE_NAME,
    kind: 'cloud-account',
    connection: { demo: true, description: DEMO_RAM_DESCRIPTION },
  });
  for (const week of weeks) {
    const startedAt = new Date(now.getTime() - (weeks.length - week) * WEEK_MS + AFTER_CLUSTER_MS);
    const origin = `demo data, week ${week} of ${weeks.length}`;
    const snapshot = await store.startSnapshot(source.id, origin, { at: startedAt });
    await store.finishSnapshot(
      snapshot.id,
      { objects: buildDemoRamAccount(week), missingKinds: [], warnings: [], origin },
      { at: new Date(startedAt.getTime() + 9_000) },
    );
  }
  await linkDemoRamAccount(store, clusterSource);
}

/** demo-cluster runs in the demo account as ACK cluster c-demo1234 (RRSA provider ack-rrsa-c-demo1234). */
export async function linkDemoRamAccount(store: Store, clusterSource: string): Promise<void> {
  await store.links.set({ clusterSource, cloudSource: DEMO_RAM_SOURCE_NAME, clusterRef: DEMO_ACK_CLUSTER_ID });
}
