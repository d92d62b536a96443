import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { bindingId } from '../../lib/core/graph/node-id';
import { loadPageSnapshot, single, type PageParams } from '../../lib/server/page-snapshot';
import { bindingDetail, bindingParamsSchema } from '../../lib/server/roles';
import { pageStore } from '../../lib/server/auth/page-access';
import { ParamError } from '../../components/overview/param-error';
import { SnapshotLine } from '../../components/overview/snapshot-line';
import { BindingSubjectsTable, RuleListTable } from '../../components/roles/roles-tables';
import { graphFocusHref, roleHref } from '../../components/subjects/hrefs';

export const metadata: Metadata = { title: 'Binding' };

export default async function BindingPage({ searchParams }: { searchParams: Promise<PageParams> }) {
  await connection();
  const params = await searchParams;
  const values: Record<string, string> = {};
  for (const key of ['kind', 'name', 'namespace']) {
    const one = single(params, key);
    if ('error' in one) return <Bad param={key} error={one.error} />;
    if (one.value !== undefined) values[key] = one.value;
  }
  const parsed = bindingParamsSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return <Bad param={String(issue?.path[0] ?? 'query')} error={issue?.message ?? 'bad query'} />;
  }
  const page = await loadPageSnapshot(await pageStore(), params);
  if (!page.ok) return <Bad param={page.param} error={page.error} />;
  const source = page.source.name;
  const b = bindingDetail(page.loaded, parsed.data);
  const p = parsed.data;
  if (!b) {
    const where = p.namespace ? ` in namespace ${p.namespace}` : '';
    return <Bad param="name" error={`snapshot #${page.loaded.snapshot.seq} of ${source} has no ${p.kind} named "${p.name}"${where}.`} />;
  }
  const title = b.namespace ? `${b.namespace}/${b.name}` : b.name;
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href={`/roles?source=${encodeURIComponent(source)}&view=bindings`}>Bindings</Link> / {b.kind}
      </nav>
      <div className="page-header">
        <h1>
          <span className="ref-kind">{b.kind}</span> {title}
        </h1>
        <Link
          className="button-secondary"
          href={graphFocusHref(source, bindingId({ kind: b.kind, name: b.name, ...(b.namespace && { namespace: b.namespace }) }))}
        >
          Graph neighborhood
        </Link>
      </div>
      <SnapshotLine snapshot={page.loaded.snapshot} />
      <section className="card section-gap" aria-labelledby="role-heading">
        <header className="card-header">
          <h2 id="role-heading">Role</h2>
          {b.rules === null ? (
            <span>
              <span className="badge badge-failed">{b.unresolved === 'unsupported-kind' ? 'unsupported' : 'missing'}</span>{' '}
              <code>
                {b.roleRef.kind} {b.roleRef.name}
              </code>
            </span>
          ) : (
            <Link href={roleHref(source, { kind: b.roleRef.kind, name: b.roleRef.name, namespace: b.namespace })}>
              <span className="ref-kind">{b.roleRef.kind}</span>
              {b.roleRef.name}
            </Link>
          )}
        </header>
        {b.rules === null ? (
          <p className="card-body" role="note">
            {b.unresolved === 'unsupported-kind'
              ? `A ${b.kind} cannot refer to a ${b.roleRef.kind}: the authorizer skips this binding and it grants nothing.`
              : `The ${b.roleRef.kind} "${b.roleRef.name}" does not exist${b.roleRef.kind === 'Role' && b.namespace ? ` in namespace ${b.namespace}` : ''}: this binding grants nothing until it is created (then it grants at once).`}
          </p>
        ) : (
          <RuleListTable rules={b.rules} label="Rules granted" />
        )}
      </section>
      <section className="card" aria-labelledby="subjects-heading">
        <header className="card-header">
          <h2 id="subjects-heading">Subjects</h2>
          {b.kind === 'RoleBinding' && <span className="muted">the rules count in namespace {b.namespace} only</span>}
        </header>
        <BindingSubjectsTable source={source} subjects={b.subjects} />
      </section>
    </>
  );
}

function Bad({ param, error }: { param: string; error: string }) {
  return (
    <>
      <h1>Binding</h1>
      <ParamError param={param} error={error} backHref="/roles?view=bindings" backLabel="Back to the list of bindings" />
    </>
  );
}
