import type { Metadata } from 'next';
import { connection } from 'next/server';
import { PRIVILEGE_FLAGS } from '../../lib/core/inventory/privilege-flags';
import { loadPageSnapshot, single, type PageParams } from '../../lib/server/page-snapshot';
import { pageStore } from '../../lib/server/auth/page-access';
import { listSubjects } from '../../lib/server/subjects';
import { ParamError } from '../../components/overview/param-error';
import { SnapshotLine } from '../../components/overview/snapshot-line';
import { SourcePicker } from '../../components/overview/source-picker';
import { SubjectsTable } from '../../components/subjects/subjects-table';
import { CloudSubjects } from '../../components/cloud/cloud-subjects-section';
import { loadCloudSubjects } from './load-cloud-subjects';

export const metadata: Metadata = { title: 'Subjects' };

const KINDS = ['', 'User', 'Group', 'ServiceAccount'];

function listParam(params: PageParams, key: string, allowed: readonly string[]): { value: string } | { error: string } {
  const one = single(params, key);
  if ('error' in one) return one;
  const value = one.value ?? '';
  if (!allowed.includes(value)) return { error: `${key} must be one of ${allowed.filter(Boolean).join(', ')}; got "${value}"` };
  return { value };
}

export default async function SubjectsPage({ searchParams }: { searchParams: Promise<PageParams> }) {
  await connection();
  const params = await searchParams;
  const sourceName = single(params, 'source');
  if (
    'value' in sourceName &&
    sourceName.value !== undefined &&
    (await (await pageStore()).getSource(sourceName.value))?.kind === 'cloud-account'
  ) {
    const cloud = await loadCloudSubjects(params);
    if (cloud.ok) return <CloudSubjects {...cloud.props} />;
    return (
      <>
        <h1>Subjects</h1>
        <ParamError param={cloud.param} error={cloud.error} backHref="/subjects" backLabel="Show every subject of the first source" />
      </>
    );
  }
  const page = await loadPageSnapshot(await pageStore(), params);
  const kind = listParam(params, 'kind', KINDS);
  const filter = listParam(params, 'filter', ['', ...PRIVILEGE_FLAGS.map((f) => f.id)]);
  const q = single(params, 'q');
  const bad = !page.ok
    ? { param: page.param, error: page.error }
    : 'error' in kind
      ? { param: 'kind', error: kind.error }
      : 'error' in filter
        ? { param: 'filter', error: filter.error }
        : 'error' in q
          ? { param: 'q', error: q.error }
          : null;
  return (
    <>
      <h1>Subjects</h1>
      {bad || !page.ok || 'error' in kind || 'error' in filter || 'error' in q ? (
        <ParamError
          param={bad?.param ?? 'query'}
          error={bad?.error ?? 'bad query'}
          backHref="/subjects"
          backLabel="Show every subject of the first source"
        />
      ) : (
        <>
          <SnapshotLine snapshot={page.loaded.snapshot} />
          <SourcePicker sources={page.sources} current={page.source.name} />
          <SubjectsTable
            source={page.source.name}
            subjects={listSubjects(page.loaded)}
            initial={{ q: q.value ?? '', kind: kind.value, filter: filter.value }}
          />
        </>
      )}
    </>
  );
}
