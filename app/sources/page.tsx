import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { formatTime, shortDigest } from '../../components/format';
import { SnapshotStatusCell } from '../../components/status-badge';
import { isDemoSource } from '../../components/demo-banner';
import '../../components/sources/sources.css';
import { shortOrigin } from '../../components/sources/source-snapshots-table';
import type { SnapshotSummary, Source } from '../../lib/core/snapshot/types';
import type { SourceSchedule } from '../../lib/store/schedules';
import { describeConnection } from '../../lib/server/run-snapshot';
import { hiddenSourcesOfPage, pageStore } from '../../lib/server/auth/page-access';

export const metadata: Metadata = { title: 'Sources' };

interface Row {
  source: Source;
  last: SnapshotSummary | null;
  lastGood: SnapshotSummary | null;
  schedule: SourceSchedule | null;
}

function ScheduleCell({ row }: { row: Row }) {
  if (isDemoSource(row.source)) return <span className="muted">demo data: not scheduled</span>;
  if (!row.schedule) return <span className="muted">not stored yet (default every 6 hours)</span>;
  const s = row.schedule;
  return (
    <>
      <code>{s.cron}</code>{' '}
      {s.enabled ? <span className="muted">next {formatTime(s.nextRunAt)}</span> : <span className="badge badge-neutral">paused</span>}
      {s.lastError && <span className="status-detail">last run failed: {s.lastError}</span>}
    </>
  );
}

export default async function SourcesPage() {
  await connection();
  const store = await pageStore();
  const hidden = await hiddenSourcesOfPage();
  const sources = await store.listSources();
  const rows: Row[] = await Promise.all(
    sources.map(async (source) => ({
      source,
      last: (await store.listSnapshots(source.id, { limit: 1 }))[0] ?? null,
      lastGood: await store.latestUsableSnapshot(source.id),
      schedule: await store.schedules.get(source.id),
    })),
  );

  return (
    <>
      <div className="page-header">
        <h1>Sources</h1>
        <div className="page-header-actions">
          <Link className="button-primary" href="/sources/new">
            Add source
          </Link>
        </div>
      </div>
      <p className="page-lede">Clusters and cloud accounts, where their snapshots come from, and when they are taken.</p>
      {hidden > 0 && (
        <p role="note" className="muted">
          {hidden} more source{hidden === 1 ? ' is' : 's are'} not shown: your account is limited to some sources.
        </p>
      )}
      {rows.length === 0 ? (
        <div className="empty-state">
          <h2>No sources yet</h2>
          <p>
            <Link href="/sources/new">Add a source</Link>: a cluster (kubeconfig or in-cluster), <code>kubectl get -o yaml</code> dumps, or
            a cloud account.
          </p>
        </div>
      ) : (
        <section className="card">
          <div className="table-wrap">
            <table className="data" aria-label="Sources">
              <thead>
                <tr>
                  <th scope="col">Source</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Connection</th>
                  <th scope="col">Last snapshot</th>
                  <th scope="col">Finished</th>
                  <th scope="col">Digest</th>
                  <th scope="col">Schedule</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.source.id}>
                    <th scope="row">
                      <Link href={`/sources/${encodeURIComponent(row.source.name)}`}>{row.source.name}</Link>
                    </th>
                    <td>
                      <span className="badge badge-neutral">{row.source.kind}</span>
                    </td>
                    <td className="muted origin-cell" title={describeConnection(row.source)}>
                      {shortOrigin(describeConnection(row.source))}
                    </td>
                    <td>
                      {row.last ? (
                        <>
                          <SnapshotStatusCell status={row.last.status} missingKinds={row.last.missingKinds} error={row.last.error} />
                          {row.last.status === 'failed' && row.lastGood && (
                            <span className="status-detail">
                              answers come from #{row.lastGood.seq} ({formatTime(row.lastGood.finishedAt)})
                            </span>
                          )}
                        </>
                      ) : (
                        <span className="muted">none yet</span>
                      )}
                    </td>
                    <td className="nowrap">{formatTime(row.last?.finishedAt ?? row.last?.startedAt)}</td>
                    <td>
                      <code title={row.lastGood?.digest ?? undefined}>{shortDigest(row.lastGood?.digest)}</code>
                    </td>
                    <td>
                      <ScheduleCell row={row} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}
