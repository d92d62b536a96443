import { connection } from 'next/server';
import type { Source, SnapshotSummary } from '../lib/core/snapshot/types';
import { getStore } from '../lib/server/store-instance';
import { SnapshotTable } from '../components/snapshot-table';
import { DemoBanner, isDemoSource } from '../components/demo-banner';
import { plural } from '../components/format';

const SNAPSHOTS_PER_SOURCE = 20;

export default async function OverviewPage() {
  await connection();
  const store = await getStore();
  const sources = await store.listSources();
  const withSnapshots: { source: Source; snapshots: SnapshotSummary[] }[] = await Promise.all(
    sources.map(async (source) => ({ source, snapshots: await store.listSnapshots(source.id, { limit: SNAPSHOTS_PER_SOURCE }) })),
  );

  return (
    <>
      <h1>Sources</h1>
      <p className="page-lede">Each source is a cluster; each snapshot is its RBAC as collected at one time.</p>
      {withSnapshots.length === 0 ? (
        <EmptyState />
      ) : (
        withSnapshots.map(({ source, snapshots }) => (
          <section className="card" key={source.id} aria-labelledby={`source-${source.id}`}>
            <header className="card-header">
              <h2 id={`source-${source.id}`}>{source.name}</h2>
              <span className="badge badge-neutral">{source.kind}</span>
              <span className="muted">{plural(snapshots.length, 'snapshot')}</span>
            </header>
            {isDemoSource(source) && <DemoBanner source={source} />}
            <SnapshotTable sourceName={source.name} snapshots={snapshots} />
          </section>
        ))
      )}
    </>
  );
}

function EmptyState() {
  return (
    <div className="empty-state">
      <h2>No snapshots yet</h2>
      <p>Load a cluster&apos;s RBAC from files exported with <code>kubectl get -o yaml</code>:</p>
      <pre>
        <code>npx access-atlas snapshot --from DIR --source NAME</code>
      </pre>
      <p className="muted">Then reload this page. Start the server without ACCESS_ATLAS_DEMO=0 to explore the built-in demo cluster instead.</p>
    </div>
  );
}
