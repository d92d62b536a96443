// The Subjects page of a cloud-account source: its users, groups and roles.
import { listCloudPrincipals, loadCloudPageFromParams } from '../../lib/server/cloud-subjects';
import { single, type PageParams } from '../../lib/server/page-snapshot';
import { getStore } from '../../lib/server/store-instance';
import { ParamError } from '../overview/param-error';
import { SnapshotLine } from '../overview/snapshot-line';
import { CloudPrincipalsTable } from './cloud-principals-table';

export async function CloudSubjects({ params }: { params: PageParams }) {
  const q = single(params, 'q');
  const loaded = await loadCloudPageFromParams(await getStore(), params);
  const bad = 'error' in q ? { param: 'q', error: q.error } : !loaded.ok ? loaded : null;
  if (bad || !loaded.ok || 'error' in q) {
    return (
      <>
        <h1>Subjects</h1>
        <ParamError
          param={bad?.param ?? 'query'}
          error={bad?.error ?? 'bad query'}
          backHref="/subjects"
          backLabel="Show every subject of the first source"
        />
      </>
    );
  }
  const { page } = loaded;
  return (
    <>
      <h1>Subjects</h1>
      <SnapshotLine snapshot={page.snapshot} />
      <form method="get" className="toolbar" aria-label="Filter principals">
        <input type="hidden" name="source" value={page.source.name} />
        <div className="field">
          <label htmlFor="cloud-q">Name contains</label>
          <input id="cloud-q" name="q" defaultValue={q.value ?? ''} />
        </div>
        <button type="submit" className="button-secondary">
          Filter
        </button>
      </form>
      <CloudPrincipalsTable source={page.source.name} rows={listCloudPrincipals(page)} q={q.value ?? ''} />
    </>
  );
}
