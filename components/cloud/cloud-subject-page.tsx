// The Subject page of a cloud principal (kind CloudUser, CloudGroup or CloudRole), from what
// app/subject/load-cloud-subject.ts read for it: the header with its flags, the snapshot, then the details.
import Link from 'next/link';
import type { SnapshotSummary } from '../../lib/core/snapshot/types';
import type { CloudKindName, CloudSubjectDetail } from '../../lib/server/cloud-subjects';
import { SnapshotLine } from '../overview/snapshot-line';
import { CloudFlags } from './cloud-principals-table';
import { CloudSubjectView } from './cloud-subject-view';

export interface CloudSubjectPageProps {
  source: string;
  snapshot: SnapshotSummary;
  kind: CloudKindName;
  name: string;
  detail: CloudSubjectDetail;
  /** A user whose console login is enabled with no MFA device bound. */
  noMfa: boolean;
}

export function CloudSubjectPage({ source, snapshot, kind, name, detail, noMfa }: CloudSubjectPageProps) {
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href={`/subjects?source=${encodeURIComponent(source)}`}>Subjects</Link> / {kind}
      </nav>
      <div className="page-header">
        <h1>
          <span className="ref-kind">{kind}</span> {name}
        </h1>
        <CloudFlags admin={detail.admin.length > 0} noMfa={noMfa} />
      </div>
      <SnapshotLine snapshot={snapshot} />
      {detail.user?.displayName && <p className="muted">{detail.user.displayName}</p>}
      {(detail.user ?? detail.role) && (
        <p className="muted">
          ARN <code>{(detail.user ?? detail.role)?.arn}</code>
        </p>
      )}
      <CloudSubjectView source={source} detail={detail} />
    </>
  );
}
