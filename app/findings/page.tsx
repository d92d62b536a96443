import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { FindingsFilterForm } from '../../components/findings/findings-filter-form';
import { FindingsTable } from '../../components/findings/findings-table';
import { FindingsTrend } from '../../components/findings/findings-trend';
import { findingsHref, findingsSearch } from '../../components/findings/hrefs';
import { SeverityCountTiles } from '../../components/findings/severity-counts';
import { SuppressionsList } from '../../components/findings/suppressions-list';
import '../../components/findings/findings.css';
import { plural } from '../../components/format';
import { SnapshotLine } from '../../components/overview/snapshot-line';
import { loadFindingsPage, type FindingsPageRefusal } from '../../lib/server/findings/findings-page';
import type { PageParams } from '../../lib/server/page-snapshot';
import { pageStore } from '../../lib/server/auth/page-access';

export const metadata: Metadata = { title: 'Findings' };

export default async function FindingsPage({ searchParams }: { searchParams: Promise<PageParams> }) {
  await connection();
  const raw = await searchParams;
  const page = await loadFindingsPage(await pageStore(), raw);
  if (!page.ok) return <Refused refusal={page} />;
  const { source, snapshot, filter, counts, hidden, rows } = page;
  const clusters = page.sources.filter((s) => s.kind === 'cluster');
  const shownCount = Object.values(counts).reduce((n, c) => n + c, 0);
  return (
    <>
      <h1>Findings</h1>
      <p className="page-lede">
        What is dangerous in {source.name}: each rule of the catalog asked of the{' '}
        {source.kind === 'cloud-account' ? 'RAM/IAM engine (or of the stored users and keys)' : 'RBAC engine (or of the stored objects)'},
        with the engine’s own evidence.
        {filter.source === undefined && clusters.length > 1 && (
          <>
            {' '}
            No source named: <strong>{source.name}</strong> answered, the first cluster source by name.
          </>
        )}
      </p>
      <SnapshotLine snapshot={snapshot} />
      <FindingsFilterForm
        // Its fields are uncontrolled: a new URL (a count, a trend bar, a link) remounts it with that URL's values.
        key={findingsSearch(filter)}
        filter={filter}
        source={source.name}
        sources={page.sources}
        rules={page.rules}
        namespaces={page.namespaces}
        {...(filter.snapshotId !== undefined && { snapshotId: filter.snapshotId })}
      />

      <section className="card" aria-labelledby="counts-heading">
        <header className="card-header">
          <h2 id="counts-heading">By severity</h2>
          <span className="muted">
            {plural(shownCount, 'finding')} under these filters, of {page.total} in this snapshot
          </span>
        </header>
        <SeverityCountTiles filter={filter} counts={counts} label={`Findings of ${source.name} by severity`} />
        {(hidden.builtIn > 0 || hidden.suppressed > 0) && (
          <p className="card-body muted" role="note">
            {hidden.builtIn > 0 && (
              <>
                {plural(hidden.builtIn, 'finding')} about built-in objects (bootstrap policy, controllers, vendor components) hidden here:{' '}
                <Link href={findingsHref({ ...filter, showBuiltIn: true })}>show built-in</Link>.{' '}
              </>
            )}
            {hidden.suppressed > 0 && (
              <>
                {plural(hidden.suppressed, 'suppressed finding')} hidden here:{' '}
                <Link href={findingsHref({ ...filter, showSuppressed: true })}>show suppressed</Link>.
              </>
            )}
          </p>
        )}
        {page.notEvaluated.length > 0 && (
          <div className="banner banner-warn" role="note">
            <strong>Not evaluated</strong> (this snapshot cannot answer them; they are not passing):
            <ul>
              {page.notEvaluated.map((n) => (
                <li key={n.rule}>
                  <code>{n.rule}</code>: {n.reason}
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="trend-heading">
        <header className="card-header">
          <h2 id="trend-heading">Trend</h2>
          <span className="muted">
            the last {plural(page.trend.length, 'usable snapshot')}, under these filters and today’s suppressions; a bar opens its snapshot
          </span>
        </header>
        <FindingsTrend sourceName={source.name} points={page.trend} filter={filter} currentSnapshotId={snapshot.id} />
      </section>

      <section className="card" aria-labelledby="list-heading">
        <header className="card-header">
          <h2 id="list-heading">
            {filter.severity ? `${filter.severity[0]?.toUpperCase()}${filter.severity.slice(1)} findings` : 'Findings'}
          </h2>
          <span className="muted">worst first; a finding’s title opens its evidence and its suppression</span>
        </header>
        <FindingsTable source={source.name} snapshotId={filter.snapshotId} rows={rows} />
      </section>

      <section className="card" aria-labelledby="suppressions-heading">
        <header className="card-header">
          <h2 id="suppressions-heading">Suppressions of {source.name}</h2>
          <span className="muted">status at the server’s clock; expired and revoked ones stay listed</span>
        </header>
        <SuppressionsList source={source.name} initial={{ now: page.now, suppressions: page.suppressions }} />
      </section>
    </>
  );
}

function Refused({ refusal }: { refusal: FindingsPageRefusal }) {
  const clusters = refusal.sources.filter((s) => s.kind === 'cluster');
  return (
    <>
      <h1>Findings</h1>
      <div className="empty-state" role="alert">
        <h2>Cannot list findings ({refusal.param})</h2>
        <p>{refusal.error}</p>
        {clusters.length > 0 ? (
          <p>
            Findings are asked of a cluster source:{' '}
            {clusters.map((s, i) => (
              <span key={s.id}>
                {i > 0 && ', '}
                <Link href={findingsHref({ source: s.name })}>{s.name}</Link>
              </span>
            ))}
            .
          </p>
        ) : (
          <p>
            Load a cluster snapshot first (<code>npx access-atlas snapshot --from DIR --source NAME</code>), then come back.
          </p>
        )}
      </div>
    </>
  );
}
