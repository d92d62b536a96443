import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { AccountMenu } from '../components/auth/account-menu';
import { NavLinks } from '../components/nav-links';
import { csrfTokenOf } from '../lib/server/auth/caller';
import { currentCaller } from '../lib/server/auth/page-access';
import { getStore } from '../lib/server/store-instance';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Access Atlas', template: '%s · Access Atlas' },
  description: 'Who can do what in Kubernetes RBAC and cloud RAM, with snapshot history.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request, every page and the not-found page alike: proxy.ts gives each response a
  // fresh CSP nonce, which Next can only put on the scripts of a page it renders for that request.
  await connection();
  const caller = await currentCaller();
  // The CSRF token of this session, sent back by the page's scripts with every change (components/api-fetch.ts).
  const csrf = caller?.sessionToken ? await csrfTokenOf(await getStore(), caller.sessionToken) : null;
  return (
    <html lang="en">
      <head>{csrf && <meta name="csrf-token" content={csrf} />}</head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <div className="shell">
          <aside className="sidebar">
            <div className="brand">
              <span className="brand-mark" aria-hidden="true">
                ◇
              </span>
              <span>Access Atlas</span>
            </div>
            {caller && <NavLinks />}
            {caller && <AccountMenu name={caller.name} role={caller.role} sources={caller.sources} />}
          </aside>
          <main className="content" id="main" tabIndex={-1}>
            <Providers>{children}</Providers>
          </main>
        </div>
      </body>
    </html>
  );
}
