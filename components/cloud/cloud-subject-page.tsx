// The Subject page of a cloud principal (kind CloudUser, CloudGroup or CloudRole).
import Link from 'next/link';
import { cloudSubjectDetail, loadCloudPageFromParams, type CloudKindName } from '../../lib/server/cloud-subjects';
import type { PageParams } from '../../lib/server/page-snapshot';
import { getStore } from '../../lib/server/store-instance';
import { ParamError } from '../overview/param-error';
import { SnapshotLine } from '../overview/snapshot-line';
import { CloudFlags } from './cloud-principals-table';
import { CloudSubjectView } from './cloud-subject-view';
import { noMfaWithLogin } from '../../lib/server/cloud-subjects';

export async function CloudSubjectPage({ params, kind, name }: { params: PageParams; kind: CloudKindName; name: string }) {
  const store = await getStore();
  const loaded = await loadCloudPageFromParams(store, params);
  if (!loaded.ok) return <Bad param={loaded.param} error={loaded.error} />;
  const { page } = loaded;
  const detail = await cloudSubjectDetail(store, page, kind, name);
  if (!detail) return <Bad param="name" error={`${page.source.name} has no ${kind} "${name}" in snapshot ${page.snapshot.id}`} />;
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href={`/subjects?source=${encodeURIComponent(page.source.name)}`}>Subjects</Link> / {kind}
      </nav>
      <div className="page-header">
        <h1>
          <span className="ref-kind">{kind}</span> {name}
        </h1>
        <CloudFlags admin={detail.admin.length > 0} noMfa={detail.user !== undefined && noMfaWithLogin(detail.user)} />
      </div>
      <SnapshotLine snapshot={page.snapshot} />
      {detail.user?.displayName && <p className="muted">{detail.user.displayName}</p>}
      {(detail.user ?? detail.role) && (
        <p className="muted">
          ARN <code>{(detail.user ?? detail.role)?.arn}</code>
        </p>
      )}
      <CloudSubjectView source={page.source.name} detail={detail} />
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
