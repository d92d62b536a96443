// The principals of a cloud account (Subjects page for a cloud source): server-rendered, one row
// per user, group and role, with the admin (*:*) and no-MFA indicators.
import Link from 'next/link';
import type { CloudPrincipalRow } from '../../lib/server/cloud-subjects';
import { plural } from '../format';
import { cloudSubjectHref } from './hrefs';

export function CloudFlags({ admin, noMfa }: { admin: boolean; noMfa: boolean }) {
  if (!admin && !noMfa) return null;
  return (
    <span className="flags">
      {admin && (
        <span className="flag flag-bad" title="An account-wide policy allows every action on every resource with no condition">
          admin (*:*)
        </span>
      )}
      {noMfa && (
        <span className="flag flag-warn" title="Console login enabled and no MFA device bound">
          no MFA
        </span>
      )}
    </span>
  );
}

const RELATED: Record<CloudPrincipalRow['kind'], string> = { CloudUser: 'group', CloudGroup: 'member', CloudRole: '' };

export function CloudPrincipalsTable({ source, rows, q }: { source: string; rows: CloudPrincipalRow[]; q: string }) {
  const needle = q.toLowerCase();
  const shown = needle ? rows.filter((r) => r.name.toLowerCase().includes(needle)) : rows;
  return (
    <section className="card" aria-labelledby="cloud-principals-heading">
      <header className="card-header">
        <h2 id="cloud-principals-heading">Cloud principals</h2>
        <span className="muted">
          {shown.length} of {rows.length}
        </span>
      </header>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Name</th>
            <th scope="col" className="num">
              Policies attached directly
            </th>
            <th scope="col">Groups / members</th>
            <th scope="col">Flags</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={`${r.kind}/${r.name}`}>
              <td>{r.kind}</td>
              <td>
                <Link href={cloudSubjectHref(source, r.kind, r.name)}>
                  <code>{r.name}</code>
                </Link>
              </td>
              <td className="num">{r.policies}</td>
              <td>{RELATED[r.kind] ? plural(r.related, RELATED[r.kind]) : ''}</td>
              <td>
                <CloudFlags admin={r.admin} noMfa={r.noMfa} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
