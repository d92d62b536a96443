'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** Every page of the dashboard; detail pages light up the list they belong to. */
const LINKS = [
  { href: '/', label: 'Overview', also: [] },
  { href: '/who-can', label: 'Who can', also: [] },
  { href: '/findings', label: 'Findings', also: [] },
  { href: '/subjects', label: 'Subjects', also: ['/subject'] },
  { href: '/roles', label: 'Roles', also: ['/role', '/binding', '/policy'] },
  { href: '/graph', label: 'Graph', also: [] },
  { href: '/sources', label: 'Sources', also: [] },
  { href: '/reviews', label: 'Reviews', also: [] },
] as const;

function isUnder(pathname: string, prefix: string): boolean {
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

export function NavLinks() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main">
      <ul className="nav-list">
        {LINKS.map((link) => {
          const isCurrent =
            link.href === '/' ? pathname === '/' : isUnder(pathname, link.href) || link.also.some((p) => isUnder(pathname, p));
          return (
            <li key={link.href}>
              <Link href={link.href} className="nav-link" aria-current={isCurrent ? 'page' : undefined}>
                {link.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
