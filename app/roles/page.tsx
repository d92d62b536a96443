import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { loadPageSnapshot, single, type PageParams } from '../../lib/server/page-snapshot';
import { listRolesAndBindings } from '../../lib/server/roles';
import { pageStore } from '../../lib/server/auth/page-access';
import { ParamError } from '../../components/overview/param-error';
import { SnapshotLine } from '../../components/overview/snapshot-line';
import { SourcePicker } from '../../components/overview/source-picker';
import { BindingsListTable, RolesListTable } from '../../components/roles/roles-tables';

export const metadata: Metadata = { title: 'Roles' };

const FILTERS = {
  roles: { '': 'All roles', wildcard: 'With a wildcard', aggregated: 'Aggregated', unbound: 'Not bound' },
  bindings: { '': 'All bindings', public: 'Granting to system:authenticated / unauthenticated', 'missing-role': 'To a missing role' },
} as const;

export default async function RolesPage({ searchParams }: { searchParams: Promise<PageParams> }) {
  await connection();
  const params = await searchParams;
  const view = single(params, 'view');
  const filter = single(params, 'filter');
  const q = single(params, 'q');
  for (const [param, one] of [
    ['view', view],
    ['filter', filter],
    ['q', q],
  ] as const) {
    if ('error' in one) return <Bad param={param} error={one.error} />;
  }
  if ('error' in view || 'error' in filter || 'error' in q) return null;
  const v = view.value ?? 'roles';
  if (v !== 'roles' && v !== 'bindings') return <Bad param="view" error={`view must be roles or bindings; got "${v}"`} />;
  const filters: Record<string, string> = FILTERS[v];
  const f = filter.value ?? '';
  if (!(f in filters))
    return <Bad param="filter" error={`filter for ${v} must be one of ${Object.keys(filters).filter(Boolean).join(', ')}; got "${f}"`} />;

  const page = await loadPageSnapshot(await pageStore(), params);
  if (!page.ok) return <Bad param={page.param} error={page.error} />;
  const source = page.source.name;
  const { roles, bindings } = listRolesAndBindings(page.loaded);
  const shownRoles = roles.filter(
    (r) =>
      f === '' || (f === 'wildcard' && r.hasWildcard) || (f === 'aggregated' && r.isAggregated) || (f === 'unbound' && r.bindings === 0),
  );
  const shownBindings = bindings.filter(
    (b) => f === '' || (f === 'public' && b.isPublic && b.role === 'resolved') || (f === 'missing-role' && b.role !== 'resolved'),
  );
  const link = (nextView: string, nextFilter = '') => {
    const search = new URLSearchParams({ source, view: nextView });
    if (nextFilter) search.set('filter', nextFilter);
    return `/roles?${search.toString()}`;
  };
  return (
    <>
      <h1>Roles and bindings</h1>
      <SnapshotLine snapshot={page.loaded.snapshot} />
      <SourcePicker sources={page.sources} current={source} keep={{ view: v }} />
      <nav className="tabs" aria-label="Roles or bindings">
        <Link className="tab" href={link('roles')} aria-current={v === 'roles' ? 'page' : undefined}>
          Roles ({roles.length})
        </Link>
        <Link className="tab" href={link('bindings')} aria-current={v === 'bindings' ? 'page' : undefined}>
          Bindings ({bindings.length})
        </Link>
      </nav>
      <nav className="toolbar" aria-label="Filters">
        {Object.entries(filters).map(([id, label]) => (
          <Link key={id} className="button-secondary" href={link(v, id)} aria-current={f === id ? 'true' : undefined}>
            {label}
          </Link>
        ))}
      </nav>
      <section className="card">
        {v === 'roles' ? (
          <RolesListTable source={source} roles={shownRoles} initialQ={q.value ?? ''} />
        ) : (
          <BindingsListTable source={source} bindings={shownBindings} initialQ={q.value ?? ''} />
        )}
      </section>
    </>
  );
}

function Bad({ param, error }: { param: string; error: string }) {
  return (
    <>
      <h1>Roles and bindings</h1>
      <ParamError param={param} error={error} backHref="/roles" backLabel="Show every role of the first source" />
    </>
  );
}
