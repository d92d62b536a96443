import type { Metadata } from 'next';
import Link from 'next/link';
import { FindingsDiffList } from '../../../../components/diff/findings-diff-list';
import { ObjectDiffList } from '../../../../components/diff/object-diff-list';
import { PermissionDiffList } from '../../../../components/diff/permission-diff-list';
import { SnapshotPairForm } from '../../../../components/diff/snapshot-pair-form';
import { formatTime } from '../../../../components/format';
import { diffStoredSnapshots, findingsBetween, requireSource, resolveSnapshotSpec, usableSnapshots } from '../../../../lib/server/drift';
import { SnapshotUnavailableError } from '../../../../lib/server/snapshot-index';
import { pageStore } from '../../../../lib/server/auth/page-access';

export const dynamic = 'force-dynamic';

type Params = Promise<{ name: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Diff · ${decodeURIComponent((await params).name)}` };
}

function one(value: string | string[] | undefined, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

async function load(sourceName: string, fromSpec: string, toSpec: string) {
  const store = await pageStore();
  const source = await requireSource(store, sourceName);
  const snapshots = await usableSnapshots(store, source);
  const fallbackFrom = snapshots.length > 1 ? 'latest~1' : 'latest';
  const from = await resolveSnapshotSpec(store, source, fromSpec || fallbackFrom, snapshots);
  const to = await resolveSnapshotSpec(store, source, toSpec, snapshots);
  const [diff, findings] = await Promise.all([diffStoredSnapshots(store, from, to), findingsBetween(store, source, from, to)]);
  return { snapshots, from, to, diff, findings };
}

export default async function DiffPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const sourceName = decodeURIComponent((await params).name);
  const sp = await searchParams;
  const href = `/sources/${encodeURIComponent(sourceName)}`;
  let loaded: Awaited<ReturnType<typeof load>>;
  try {
    loaded = await load(sourceName, one(sp.from, ''), one(sp.to, 'latest'));
  } catch (error) {
    if (!(error instanceof SnapshotUnavailableError)) throw error;
    return (
      <>
        <h1>Diff of {sourceName}</h1>
        <p className="banner banner-error" role="alert">
          {error.message}
        </p>
        <p>
          <Link href={href}>Back to {sourceName}</Link>
        </p>
      </>
    );
  }
  const { snapshots, from, to, diff, findings } = loaded;
  return (
    <>
      <h1>Diff of {sourceName}</h1>
      <p className="page-lede">
        Snapshot #{from.id} ({formatTime(from.startedAt)}) → snapshot #{to.id} ({formatTime(to.startedAt)}). Findings gained and resolved,
        then each permission change with the object change that caused it. <Link href={href}>Source history</Link> ·{' '}
        <a href={`/api/diff?source=${encodeURIComponent(sourceName)}&from=${from.id}&to=${to.id}`}>JSON</a>
      </p>
      <SnapshotPairForm
        action={`${href}/diff`}
        snapshots={snapshots.map((s) => ({ id: s.id, label: `#${s.id} · ${formatTime(s.startedAt)}` }))}
        from={from.id}
        to={to.id}
      />
      {diff.notices.map((n) => (
        <p key={n} className="banner banner-info" role="note">
          {n}
        </p>
      ))}
      <FindingsDiffList findings={findings} sourceName={sourceName} from={from.id} to={to.id} />
      <PermissionDiffList permissions={diff.permissions} />
      <ObjectDiffList objects={diff.objects} />
    </>
  );
}
