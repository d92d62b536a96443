import Link from 'next/link';
import { connection } from 'next/server';
import { pageStore } from '../lib/server/auth/page-access';
import { loadOverview, type SourceOverview } from '../lib/server/overview';
import { countUnreviewedChanges } from '../lib/server/reviews';
import { SnapshotTable } from '../components/snapshot-table';
import { DemoBanner, isDemoSource } from '../components/demo-banner';
import { SnapshotStatusCell } from '../components/status-badge';
import { formatTime } from '../components/format';
import { HeadlineTiles } from '../components/overview/headline-tiles';
import { UnreviewedChanges } from '../components/overview/unreviewed-changes';
import { FindingTiles } from '../components/overview/finding-tiles';
import { overviewFindingCounts, type OverviewFindings } from '../lib/server/findings/overview-counts';

export default async function OverviewPage() {
  await connection();
  const store = await pageStore();
  const [overview, unreviewed] = await Promise.all([loadOverview(store), countUnreviewedChanges(store)]);
  const findings = await Promise.all(overview.map((o) => overviewFindingCounts(store, o.source, o.latestUsable)));

  return (
    <>
      <h1>Overview</h1>
      <p className="page-lede">
        Each source is a cluster or a cloud account; the numbers come from its latest usable snapshot. Every number opens the list behind
        it.
      </p>
      {overview.length === 0 ? (
        <EmptyState />
      ) : (
        <>
          <UnreviewedChanges count={unreviewed} />
          {overview.map((o, i) => (
            <SourceCard key={o.source.id} overview={o} findings={findings[i] ?? null} />
          ))}
        </>
      )}
    </>
  );
}

function SourceCard({ overview, findings }: { overview: SourceOverview; findings: OverviewFindings | null }) {
  const { source, recent, latestUsable, headlines, headlinesMissing } = overview;
  const latest = recent[0];
  return (
    <section className="card" aria-labelledby={`source-${source.id}`}>
      <header className="card-header">
        <h2 id={`source-${source.id}`}>{source.name}</h2>
        <span className="badge badge-neutral">{source.kind}</span>
        {latest && (
          <span className="muted">
            latest: <SnapshotStatusCell status={latest.status} missingKinds={latest.missingKinds} error={latest.error} />{' '}
            {formatTime(latest.finishedAt ?? latest.startedAt)}
          </span>
        )}
        {latestUsable && latestUsable.id !== latest?.id && <span className="muted">answers come from #{latestUsable.seq}</span>}
        <Link href={`/sources/${encodeURIComponent(source.name)}`}>History and schedule</Link>
      </header>
      {isDemoSource(source) && <DemoBanner source={source} />}
      {findings && <FindingTiles source={source.name} findings={findings} />}
      {headlines ? (
        <HeadlineTiles
          source={source.name}
          headlines={headlines}
          adminFindings={source.kind === 'cloud-account' && findings?.ok ? (findings.rules['ram.admin-equivalent'] ?? 0) : undefined}
        />
      ) : (
        <p className="card-body muted">No numbers yet: {headlinesMissing}.</p>
      )}
      {source.kind === 'cluster' ? (
        <SnapshotTable sourceName={source.name} snapshots={recent} />
      ) : (
        <p className="card-body muted">
          {recent.length} recent snapshots; see <Link href={`/sources/${encodeURIComponent(source.name)}`}>the source page</Link>.
        </p>
      )}
    </section>
  );
}

function EmptyState() {
  return (
    <div className="empty-state">
      <h2>No snapshots yet</h2>
      <p>
        Add a source on the <Link href="/sources/new">Sources</Link> page, or load a cluster&apos;s RBAC from files exported with{' '}
        <code>kubectl get -o yaml</code>:
      </p>
      <pre>
        <code>npx access-atlas snapshot --from DIR --source NAME</code>
      </pre>
      <p className="muted">
        Then reload this page. Start the server without ACCESS_ATLAS_DEMO=0 to explore the built-in demo cluster instead.
      </p>
    </div>
  );
}
