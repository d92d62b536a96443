import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { subjectId } from '../../lib/core/graph/node-id';
import { loadPageSnapshot, single, type PageParams } from '../../lib/server/page-snapshot';
import { pageStore } from '../../lib/server/auth/page-access';
import { listSubjects, subjectDetail, subjectParamsSchema } from '../../lib/server/subjects';
import { ParamError } from '../../components/overview/param-error';
import { SnapshotLine } from '../../components/overview/snapshot-line';
import { Flags } from '../../components/subjects/flags';
import { graphFocusHref } from '../../components/subjects/hrefs';
import { HeldBindingsTable, MatrixTable, PodsTable, RulesTable } from '../../components/subjects/subject-tables';
import { subjectKey } from '../../lib/core/inventory/privilege-flags';
import { linkedCloudIdentities } from '../../lib/server/cloud-subjects';
import { CloudSubjectPage } from '../../components/cloud/cloud-subject-page';
import { loadCloudSubject } from './load-cloud-subject';
import { LinkedCloudPanel } from '../../components/cloud/linked-cloud-panel';
import { SeverityMarkLink } from '../../components/findings/severity';
import { partyPattern, subjectFindingsHref } from '../../components/findings/hrefs';
import { loadFindingMarks } from '../../lib/server/findings/marks';

const CLOUD_SUBJECT_KINDS = ['CloudUser', 'CloudGroup', 'CloudRole'] as const;

export const metadata: Metadata = { title: 'Subject' };

function firstValues(params: PageParams, keys: string[]): { values: Record<string, string> } | { param: string; error: string } {
  const values: Record<string, string> = {};
  for (const key of keys) {
    const one = single(params, key);
    if ('error' in one) return { param: key, error: one.error };
    if (one.value !== undefined) values[key] = one.value;
  }
  return { values };
}

export default async function SubjectPage({ searchParams }: { searchParams: Promise<PageParams> }) {
  await connection();
  const params = await searchParams;
  const raw = firstValues(params, ['kind', 'name', 'namespace', 'ns']);
  if ('error' in raw) return <Bad param={raw.param} error={raw.error} />;
  const cloudKind = CLOUD_SUBJECT_KINDS.find((k) => k === raw.values.kind);
  if (cloudKind) {
    if (!raw.values.name) return <Bad param="name" error="name is required" />;
    const cloud = await loadCloudSubject(params, cloudKind, raw.values.name);
    return cloud.ok ? <CloudSubjectPage {...cloud.props} /> : <Bad param={cloud.param} error={cloud.error} />;
  }
  const { ns, ...rest } = raw.values;
  const parsed = subjectParamsSchema.safeParse({ ...rest, ...(ns !== undefined && { matrixNamespace: ns === '-' ? '' : ns }) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return <Bad param={String(issue?.path[0] ?? 'query')} error={issue?.message ?? 'bad query'} />;
  }
  const page = await loadPageSnapshot(await pageStore(), params);
  if (!page.ok) return <Bad param={page.param} error={page.error} />;
  const source = page.source.name;
  const detail = subjectDetail(page.loaded, parsed.data);
  const { subject, matrix } = detail;
  const inventory = listSubjects(page.loaded).find((s) => subjectKey(s) === subjectKey(subject));
  const ruleCount = detail.rulesByNamespace.reduce((n, g) => n + g.rules.length, 0);
  const [cloudLinks, marks] = await Promise.all([
    subject.kind === 'Group' ? null : linkedCloudIdentities(await pageStore(), source, subject),
    loadFindingMarks(await pageStore(), page.loaded.snapshot),
  ]);
  const mark = marks.subjects[partyPattern(subject)];
  const pinned = params.snapshot === undefined ? undefined : page.loaded.snapshot.id;
  const title = subject.namespace ? `${subject.namespace}/${subject.name}` : subject.name;
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href={`/subjects?source=${encodeURIComponent(source)}`}>Subjects</Link> / {subject.kind}
      </nav>
      <div className="page-header">
        <h1>
          <span className="ref-kind">{subject.kind}</span> {title}
          <SeverityMarkLink
            mark={mark}
            href={subjectFindingsHref(source, subject, { showBuiltIn: (mark?.builtIn ?? 0) > 0, snapshotId: pinned })}
          />
        </h1>
        {inventory && <Flags flags={inventory.flags} />}
        <Link className="button-secondary" href={graphFocusHref(source, subjectId(subject))}>
          Graph neighborhood
        </Link>
      </div>
      <SnapshotLine snapshot={page.loaded.snapshot} />
      {!inventory && subject.kind !== 'Group' && (
        <p className="banner banner-info" role="note">
          No binding in this snapshot names this {subject.kind} directly; what it holds below comes from its groups.
        </p>
      )}
      {detail.serviceAccountExists === false && (
        <p className="banner banner-info" role="note">
          The snapshot holds no ServiceAccount object {title}: bindings name it, but nothing runs as it yet.
        </p>
      )}
      <p className="muted">
        Evaluated as {subject.kind === 'Group' ? 'a request carrying only this group' : `a request with groups ${detail.groups.join(', ')}`}
        .
      </p>

      <section className="card section-gap" aria-labelledby="rules-heading">
        <header className="card-header">
          <h2 id="rules-heading">Effective rules</h2>
          <span className="muted">{ruleCount} rules, grouped by where they apply</span>
        </header>
        <RulesTable source={source} groups={detail.rulesByNamespace} />
      </section>

      <section className="card" aria-labelledby="matrix-heading">
        <header className="card-header">
          <h2 id="matrix-heading">Access matrix</h2>
          <span className="muted">each cell is a can-i check without a resource name, as kubectl get or create sends</span>
        </header>
        <form method="get" className="toolbar card-body" aria-label="Access matrix scope">
          {Object.entries(raw.values)
            .filter(([key]) => key !== 'ns')
            .map(([key, value]) => (
              <input key={key} type="hidden" name={key} value={value} />
            ))}
          <input type="hidden" name="source" value={source} />
          <div className="field">
            <label htmlFor="matrix-ns">Scope</label>
            <select id="matrix-ns" name="ns" defaultValue={matrix.namespace === '' ? '-' : matrix.namespace}>
              <option value="-">Cluster-scoped resources</option>
              {matrix.namespaces.map((n) => (
                <option key={n} value={n}>
                  namespace {n}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button-secondary">
            Show matrix
          </button>
        </form>
        <MatrixTable verbs={matrix.verbs} rows={matrix.rows} namespace={matrix.namespace} />
      </section>

      <section className="card" aria-labelledby="bindings-heading">
        <header className="card-header">
          <h2 id="bindings-heading">Bindings and roles it holds</h2>
        </header>
        <HeldBindingsTable source={source} bindings={detail.bindings} />
      </section>

      {subject.kind === 'ServiceAccount' && (
        <>
          <section className="card" aria-labelledby="pods-heading">
            <header className="card-header">
              <h2 id="pods-heading">Workloads running as it</h2>
            </header>
            <PodsTable pods={detail.pods} />
          </section>
          <section className="card" aria-labelledby="linked-heading">
            <header className="card-header">
              <h2 id="linked-heading">Linked cloud identities</h2>
            </header>
            {cloudLinks ? (
              <LinkedCloudPanel cluster={source} links={cloudLinks} />
            ) : (
              <div className="card-body">
                {detail.cloudRoles.length === 0 ? (
                  <p className="muted">No RRSA or IRSA role annotation on this service account.</p>
                ) : (
                  <ul>
                    {detail.cloudRoles.map((r) => (
                      <li key={`${r.mechanism}/${r.role}`}>
                        {r.mechanism.toUpperCase()}: may assume cloud role <code>{r.role}</code>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            )}
          </section>
        </>
      )}
      {subject.kind === 'User' && cloudLinks && (
        <section className="card" aria-labelledby="linked-heading">
          <header className="card-header">
            <h2 id="linked-heading">Linked cloud identities</h2>
          </header>
          <LinkedCloudPanel cluster={source} links={cloudLinks} />
        </section>
      )}
    </>
  );
}

function Bad({ param, error }: { param: string; error: string }) {
  return (
    <>
      <h1>Subject</h1>
      <ParamError param={param} error={error} backHref="/subjects" backLabel="Back to the list of subjects" />
    </>
  );
}
