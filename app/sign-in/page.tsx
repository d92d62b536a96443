// Sign-in: public (the one page besides setup that is). A visitor already signed in goes on.
import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInForm } from '../../components/auth/sign-in-form';
import { oidcSettings } from '../../lib/server/auth/oidc';
import { currentCaller, publicPage } from '../../lib/server/auth/page-access';
import { needsSetup } from '../../lib/server/auth/setup';
import { getStore } from '../../lib/server/store-instance';

export const metadata: Metadata = { title: 'Sign in' };

/** Only a local path is a place to go back to. */
function localPath(value: string | string[] | undefined): string {
  const text = typeof value === 'string' ? value : '/';
  return text.startsWith('/') && !text.startsWith('//') && !text.startsWith('/\\') ? text : '/';
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  publicPage('sign-in');
  const params = await searchParams;
  const next = localPath(params.next);
  if (await currentCaller()) redirect(next);
  const firstRun = await needsSetup(await getStore());
  return (
    <>
      <h1>Sign in</h1>
      <p className="page-lede">
        Access Atlas shows who can do what in your clusters and cloud accounts; it is shown to signed-in users only.
      </p>
      {firstRun && (
        <p role="status" className="card card-body">
          No user exists yet. Open the one-time setup link the server printed when it started, or add an admin with{' '}
          <code>access-atlas users add NAME --role admin --password-stdin</code>.
        </p>
      )}
      {params.error === 'oidc' && (
        <p role="alert">Sign-in through your organisation failed, or none of your groups is given a role here.</p>
      )}
      <SignInForm next={next} oidc={oidcSettings() !== null} />
    </>
  );
}
