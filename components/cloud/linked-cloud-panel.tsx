// "Linked cloud identities" on a cluster subject page: the RAM user or role an ACK UID subject
// belongs to (or an orphaned binding whose UID no RAM identity has), and for a service account the
// RRSA/IRSA role it may assume with whether the role's trust policy admits it.
import Link from 'next/link';
import type { LinkedCloudIdentities } from '../../lib/server/cloud-subjects';
import { bindingHref } from '../subjects/hrefs';
import { cloudSubjectHref } from './hrefs';

const STATUS_TEXT: Record<string, string> = {
  confirmed: 'trust confirmed',
  conditional: 'trust depends on conditions',
  'not-trusted': 'trust policy does not admit it',
  'role-missing': 'role missing from the account',
  'injection-off': 'RRSA injection off',
};

function bindingText(b: { kind: string; name: string; namespace?: string }): string {
  return `${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name}`;
}

export function LinkedCloudPanel({
  cluster,
  links,
  fallback,
}: {
  cluster: string;
  links: LinkedCloudIdentities;
  fallback?: React.ReactNode;
}) {
  const cloud = links.cloudSource;
  const empty = links.ack.length === 0 && links.orphaned.length === 0 && links.workloads.length === 0;
  return (
    <div className="card-body">
      {empty && (fallback ?? <p className="muted">No identity of linked cloud account {cloud} is tied to this subject.</p>)}
      <ul>
        {links.ack.map((l) => (
          <li key={`ack/${bindingText(l.binding)}`}>
            {l.identity.kind === 'account' ? (
              <>the account {l.identity.name} itself (root)</>
            ) : (
              <Link href={cloudSubjectHref(cloud, l.identity.kind, l.identity.name)}>
                RAM {l.identity.kind} {l.identity.name}
              </Link>
            )}{' '}
            via <Link href={bindingHref(cluster, l.binding)}>{bindingText(l.binding)}</Link>
          </li>
        ))}
        {links.orphaned.map((o) => (
          <li key={`orphan/${bindingText(o.binding)}`}>
            <span className="flag flag-bad">orphaned: no RAM identity with this UID</span> in {cloud} (
            <Link href={bindingHref(cluster, o.binding)}>{bindingText(o.binding)}</Link>): {o.reason}
          </li>
        ))}
        {links.workloads.map((w) => (
          <li key={`wl/${w.mechanism}/${w.role}`}>
            {w.mechanism.toUpperCase()}: may assume{' '}
            {w.status === 'role-missing' ? (
              <code>{w.role}</code>
            ) : (
              <Link href={cloudSubjectHref(cloud, 'CloudRole', w.role)}>RAM role {w.role}</Link>
            )}{' '}
            <span className={`flag ${w.status === 'confirmed' ? 'flag-info' : 'flag-warn'}`}>{STATUS_TEXT[w.status] ?? w.status}</span>
            {links.openTrustRoles.includes(w.role) && (
              <span className="flag flag-bad" title="The role's trust policy admits any service account of the cluster">
                open trust
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
