import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { NavLinks } from '../components/nav-links';
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
  return (
    <html lang="en">
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
            <NavLinks />
          </aside>
          <main className="content" id="main" tabIndex={-1}>
            <Providers>{children}</Providers>
          </main>
        </div>
      </body>
    </html>
  );
}
