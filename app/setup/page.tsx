// The first-run setup of an empty installation: public, and useless once a user exists.
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SetupForm } from '../../components/auth/setup-form';
import { publicPage } from '../../lib/server/auth/page-access';
import { needsSetup } from '../../lib/server/auth/setup';
import { getStore } from '../../lib/server/store-instance';

export const metadata: Metadata = { title: 'Set up' };

export default async function SetupPage() {
  publicPage('setup');
  if (!(await needsSetup(await getStore()))) redirect('/sign-in');
  return (
    <>
      <h1>Set up Access Atlas</h1>
      <p className="page-lede">Choose the first admin&apos;s name and password. The link works once.</p>
      <SetupForm />
    </>
  );
}
