import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { NavLinks } from '../components/nav-links';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Access Atlas', template: '%s · Access Atlas' },
  description: 'Who can do what in Kubernetes RBAC, with snapshot history.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <div className="shell">
          <aside className="sidebar">
            <div className="brand">
              <span className="brand-mark" aria-hidden="true">◇</span>
              <span>Access Atlas</span>
            </div>
            <NavLinks />
          </aside>
          <main className="content">
            <Providers>{children}</Providers>
          </main>
        </div>
      </body>
    </html>
  );
}
