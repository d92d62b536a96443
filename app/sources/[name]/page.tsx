import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { DemoBanner, isDemoSource } from '../../../components/demo-banner';
import { formatTime } from '../../../components/format';
import { SchedulePanel, type ScheduleView } from '../../../components/sources/schedule-panel';
import { SourceActions } from '../../../components/sources/source-actions';
import { shortOrigin, SourceSnapshotsTable } from '../../../components/sources/source-snapshots-table';
import { WebhooksPanel, type WebhookView } from '../../../components/sources/webhooks-panel';
import '../../../components/sources/sources.css';
import { TimelineChart } from '../../../components/timeline/timeline-chart';
import { dashboardRefusal, describeConnection, isRunnable } from '../../../lib/server/run-snapshot';
import { getScheduleAnswer } from '../../../lib/server/scheduler/schedule-api';
import { sourceTimeline } from '../../../lib/server/sources/snapshot-headlines';
import { pageStore } from '../../../lib/server/auth/page-access';
import { listWebhooksAnswer } from '../../../lib/server/webhooks/webhook-api';

const SNAPSHOTS_SHOWN = 100;

type Params = Promise<{ name: string }>;

/** Route params arrive percent-encoded in some Next versions; a name with a literal % stays as is. */
function sourceName(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: sourceName((await params).name) };
}

export default async function SourcePage({ params }: { params: Params }) {
  await connection();
  const name = sourceName((await params).name);
  const store = await pageStore();
  const source = await store.getSource(name);
  if (!source) notFound();
  const [snapshots, sealed, scheduleAnswer, webhooksAnswer] = await Promise.all([
    store.listSnapshots(source.id, { limit: SNAPSHOTS_SHOWN }),
    store.credentials.get(source.id),
    getScheduleAnswer(store, name),
    listWebhooksAnswer(store, name),
  ]);
  const timeline = await sourceTimeline(store, source, snapshots);
  const schedule = (scheduleAnswer.body.schedule ?? null) as ScheduleView | null;
  const webhooks = (webhooksAnswer.body.webhooks ?? null) as WebhookView[] | null;
  const runnable = isRunnable(source);
  // A kubeconfig on a server path outside ACCESS_ATLAS_KUBECONFIG_DIR: only the CLI snapshots it.
  const cliOnly = dashboardRefusal(source);

  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href="/sources">Sources</Link> / {source.name}
      </nav>
      <div className="page-header">
        <h1>{source.name}</h1>
        <span className="badge badge-neutral">{source.kind}</span>
        <div className="page-header-actions">
          <SourceActions sourceName={source.name} runnable={runnable} cliOnly={cliOnly} />
        </div>
      </div>
      <p className="source-meta">
        <span>
          Connection: <strong title={describeConnection(source)}>{shortOrigin(describeConnection(source))}</strong>
        </span>
        <span>
          Credentials: <strong>{sealed === null ? 'none stored' : 'stored sealed (never shown)'}</strong>
        </span>
        <span>
          Added: <strong>{formatTime(source.createdAt)}</strong>
        </span>
      </p>
      {isDemoSource(source) && (
        <div className="card">
          <DemoBanner source={source} />
        </div>
      )}

      <section className="card" aria-labelledby="timeline-heading">
        <header className="card-header">
          <h2 id="timeline-heading">Timeline</h2>
          <span className="muted">
            {source.kind === 'cluster'
              ? 'subjects, bindings, subjects with cluster-wide *, bindings to system:authenticated/unauthenticated, bindings to missing roles'
              : 'users and roles, policies, principals with an unconditioned Allow *:*'}
          </span>
        </header>
        <TimelineChart sourceName={source.name} series={timeline.series} points={timeline.points} />
      </section>

      <section className="card" aria-labelledby="snapshots-heading">
        <header className="card-header">
          <h2 id="snapshots-heading">Snapshots</h2>
          <span className="muted">newest first{snapshots.length === SNAPSHOTS_SHOWN ? `, the latest ${SNAPSHOTS_SHOWN}` : ''}</span>
        </header>
        <SourceSnapshotsTable sourceName={source.name} kind={source.kind} snapshots={snapshots} />
      </section>

      <div className="side-by-side">
        <section className="card" aria-labelledby="schedule-heading">
          <header className="card-header">
            <h2 id="schedule-heading">Schedule</h2>
          </header>
          <SchedulePanel sourceName={source.name} initial={schedule} runnable={runnable} cliOnly={cliOnly !== null} />
        </section>
        <section className="card" aria-labelledby="webhooks-heading">
          <header className="card-header">
            <h2 id="webhooks-heading">Webhooks</h2>
          </header>
          <WebhooksPanel sourceName={source.name} initial={webhooks} />
        </section>
      </div>
    </>
  );
}
