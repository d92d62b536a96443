import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { single, type PageParams } from '../../lib/server/page-snapshot';
import { loadCloudPageFromParams } from '../../lib/server/cloud-subjects';
import { policyDetail, policyParamsSchema } from '../../lib/server/policies';
import { pageStore } from '../../lib/server/auth/page-access';
import { ParamError } from '../../components/overview/param-error';
import { SnapshotLine } from '../../components/overview/snapshot-line';
import { PolicyView } from '../../components/cloud/policy-view';

export const metadata: Metadata = { title: 'Policy' };

export default async function PolicyPage({ searchParams }: { searchParams: Promise<PageParams> }) {
  await connection();
  const params = await searchParams;
  const type = single(params, 'type');
  const name = single(params, 'name');
  if ('error' in type) return <Bad param="type" error={type.error} />;
  if ('error' in name) return <Bad param="name" error={name.error} />;
  const parsed = policyParamsSchema.safeParse({ type: type.value, name: name.value });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return <Bad param={String(issue?.path[0] ?? 'query')} error={issue?.message ?? 'bad query'} />;
  }
  const loaded = await loadCloudPageFromParams(await pageStore(), params);
  if (!loaded.ok) return <Bad param={loaded.param} error={loaded.error} />;
  const { page } = loaded;
  const detail = policyDetail(page, parsed.data.type, parsed.data.name);
  if (!detail)
    return (
      <Bad
        param="name"
        error={`${page.source.name} has no ${parsed.data.type} policy "${parsed.data.name}" in snapshot ${page.snapshot.id}`}
      />
    );
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href={`/subjects?source=${encodeURIComponent(page.source.name)}`}>Subjects</Link> / {parsed.data.type} policy
      </nav>
      <h1>
        <span className="ref-kind">{parsed.data.type} policy</span> {parsed.data.name}
      </h1>
      <SnapshotLine snapshot={page.snapshot} />
      <PolicyView source={page.source.name} detail={detail} />
    </>
  );
}

function Bad({ param, error }: { param: string; error: string }) {
  return (
    <>
      <h1>Policy</h1>
      <ParamError param={param} error={error} backHref="/subjects" backLabel="Back to the list of subjects" />
    </>
  );
}
