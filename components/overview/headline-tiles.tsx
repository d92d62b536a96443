import Link from 'next/link';
import type { Headlines } from '../../lib/core/headlines';

interface Tile {
  value: number;
  label: string;
  href: string;
  tone?: 'bad' | 'warn';
}

function q(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}

function tilesFor(source: string, h: Headlines, adminFindings: number | undefined): Tile[] {
  if (h.kind === 'cluster') {
    return [
      { value: h.subjects, label: 'subjects with a binding', href: `/subjects?${q({ source })}` },
      { value: h.bindings, label: 'bindings', href: `/roles?${q({ source, view: 'bindings' })}` },
      {
        value: h.clusterWideStar.length,
        label: 'subjects with cluster-wide * (cluster-admin-like)',
        href: `/subjects?${q({ source, filter: 'cluster-admin' })}`,
        tone: 'bad',
      },
      {
        value: h.publicBindings.length,
        label: 'bindings granting to system:authenticated / unauthenticated',
        href: `/roles?${q({ source, view: 'bindings', filter: 'public' })}`,
        tone: 'warn',
      },
      {
        value: h.unresolvedBindings.length,
        label: 'bindings to missing roles',
        href: `/roles?${q({ source, view: 'bindings', filter: 'missing-role' })}`,
        tone: 'warn',
      },
    ];
  }
  return [
    { value: h.users, label: 'RAM users', href: `/sources/${encodeURIComponent(source)}` },
    { value: h.roles, label: 'RAM roles', href: `/sources/${encodeURIComponent(source)}` },
    { value: h.policies, label: 'policies', href: `/sources/${encodeURIComponent(source)}` },
    // The admin count is the ram.admin-equivalent findings (conditional and resource-group admins included,
    // suppressed ones aside) when the findings could be asked; else the headline's own engine verdict.
    adminFindings === undefined
      ? {
          value: h.admins.length,
          label: 'principals allowed "*" actions on "*" (admin)',
          href: `/who-can?${q({ mode: 'cloud', source, action: '*:*', resource: '*' })}`,
          tone: 'bad',
        }
      : {
          value: adminFindings,
          label: 'admin-equivalent principals (open findings)',
          href: `/findings?${q({ source, rule: 'ram.admin-equivalent' })}`,
          tone: 'bad',
        },
  ];
}

export function HeadlineTiles({ source, headlines, adminFindings }: { source: string; headlines: Headlines; adminFindings?: number }) {
  return (
    <ul className="tiles" aria-label={`Headline numbers of ${source}`}>
      {tilesFor(source, headlines, adminFindings).map((t) => (
        <li key={t.label}>
          <Link href={t.href} className={`tile${t.tone && t.value > 0 ? ` tile-${t.tone}` : ''}`}>
            <span className="tile-value">{t.value}</span>
            <span className="tile-label">{t.label}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
