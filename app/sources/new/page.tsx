import type { Metadata } from 'next';
import Link from 'next/link';
import { NewSourceForm } from '../../../components/sources/new-source-form';
import { isMode } from '../../../components/sources/setup-modes';
import '../../../components/sources/sources.css';

export const metadata: Metadata = { title: 'Add source' };

export default async function NewSourcePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { mode } = await searchParams;
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
      <NewSourceForm initialMode={isMode(mode) ? mode : 'files'} />
    </>
  );
}
