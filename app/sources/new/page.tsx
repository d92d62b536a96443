import type { Metadata } from 'next';
import Link from 'next/link';
import { NewSourceForm } from '../../../components/sources/new-source-form';
import { isMode } from '../../../components/sources/setup-modes';
import '../../../components/sources/sources.css';
import { kubeconfigDirectory } from '../../../lib/collect/kube/kubeconfig-dir';
import { pageAccess } from '../../../lib/server/auth/page-access';

export const metadata: Metadata = { title: 'Add source' };

export default async function NewSourcePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Adding a source stores credentials and makes the server connect out: admins only.
  await pageAccess('admin');
  const { mode } = await searchParams;
  // "Kubeconfig on this server" is offered only when ACCESS_ATLAS_KUBECONFIG_DIR says where such files may be.
  const kubeconfigDir = kubeconfigDirectory();
  const initialMode = isMode(mode) && (mode !== 'kubeconfig-path' || kubeconfigDir !== null) ? mode : 'files';
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href="/sources">Sources</Link> / Add
      </nav>
      <h1>Add source</h1>
      <p className="page-lede">
        A cluster or a cloud account to take snapshots of. Credentials are sealed with AES-256-GCM before they are stored and are never
        shown again.
      </p>
      <NewSourceForm initialMode={initialMode} kubeconfigDir={kubeconfigDir} />
    </>
  );
}
