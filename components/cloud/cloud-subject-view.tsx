// The Subject page of a cloud principal: attached policies (scope, via group), groups or members,
// access key metadata (never secrets), login and MFA, a role's trust policy, the service accounts
// that may act as the role (RRSA/IRSA) and the cluster subjects it is bound as (ACK UID).
import Link from 'next/link';
import type { CloudSubjectDetail } from '../../lib/server/cloud-subjects';
import { bindingHref, subjectHref } from '../subjects/hrefs';
import { CloudFlags } from './cloud-principals-table';
import { cloudSubjectHref, policyHref } from './hrefs';

function Card({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section className="card" aria-labelledby={id}>
      <header className="card-header">
        <h2 id={id}>{title}</h2>
      </header>
      {children}
    </section>
  );
}

function Attachments({ source, detail }: { source: string; detail: CloudSubjectDetail }) {
  const admin = new Set(detail.admin.map((a) => `${a.policyType}/${a.policyName}/${a.viaGroup ?? ''}`));
  if (detail.attachments.length === 0) return <p className="card-body muted">No managed policy attached.</p>;
  return (
    <table className="data">
      <thead>
        <tr>
          <th scope="col">Policy</th>
          <th scope="col">Type</th>
          <th scope="col">Scope</th>
          <th scope="col">Via</th>
          <th scope="col">Attached</th>
        </tr>
      </thead>
      <tbody>
        {detail.attachments.map((a) => (
          <tr
            key={`${a.policyType}/${a.policyName}/${a.viaGroup ?? ''}/${a.scope.kind === 'resource-group' ? a.scope.resourceGroupId : ''}`}
          >
            <td>
              <Link href={policyHref(source, { type: a.policyType, name: a.policyName })}>
                <code>{a.policyName}</code>
              </Link>{' '}
              {admin.has(`${a.policyType}/${a.policyName}/${a.viaGroup ?? ''}`) && <CloudFlags admin noMfa={false} />}
            </td>
            <td>{a.policyType}</td>
            <td>{a.scope.kind === 'account' ? 'account' : `resource group ${a.scope.resourceGroupId}`}</td>
            <td>{a.viaGroup ? <Link href={cloudSubjectHref(source, 'CloudGroup', a.viaGroup)}>group {a.viaGroup}</Link> : 'direct'}</td>
            <td className="nowrap">{a.attachDate ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function UserCredentials({ detail }: { detail: CloudSubjectDetail }) {
  const user = detail.user;
  if (!user) return null;
  if (user.credentialsReported === false)
    return <p className="card-body muted">This source does not report access keys, login profiles or MFA.</p>;
  const login = user.loginProfile;
  return (
    <div className="card-body">
      <p>
        Console login: {login ? (login.enabled ? 'enabled' : 'disabled') : 'none'}
        {login?.lastLoginTime ? `, last login ${login.lastLoginTime}` : ''}. MFA device: {user.mfaEnabled ? 'bound' : 'none'}.{' '}
        {login && !user.mfaEnabled && <CloudFlags admin={false} noMfa />}
      </p>
      {user.accessKeys.length === 0 ? (
        <p className="muted">No access keys.</p>
      ) : (
        <table className="data">
          <caption>Access keys (metadata only; secrets are never read)</caption>
          <thead>
            <tr>
              <th scope="col">Access key id</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
            </tr>
          </thead>
          <tbody>
            {user.accessKeys.map((k) => (
              <tr key={k.accessKeyId}>
                <td>
                  <code>{k.accessKeyId}</code>
                </td>
                <td>{k.status}</td>
                <td className="nowrap">{k.createDate ?? ''}</td>
                <td className="nowrap">{k.lastUsedDate ?? 'never / unknown'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Names({ source, kind, names, empty }: { source: string; kind: string; names: string[]; empty: string }) {
  if (names.length === 0) return <p className="card-body muted">{empty}</p>;
  return (
    <div className="card-body">
      <ul>
        {names.map((n) => (
          <li key={n}>
            <Link href={cloudSubjectHref(source, kind, n)}>{n}</Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

function ClusterBindings({ detail }: { detail: CloudSubjectDetail }) {
  if (detail.clusterBindings.length === 0)
    return <p className="card-body muted">No binding in a linked cluster names this identity&apos;s id.</p>;
  return (
    <div className="card-body">
      <ul>
        {detail.clusterBindings.map((b) => (
          <li key={`${b.cluster}/${b.binding.kind}/${b.binding.namespace ?? ''}/${b.binding.name}/${b.subject}`}>
            <Link href={subjectHref(b.cluster, { kind: 'User', name: b.subject })}>
              User <code>{b.subject}</code>
            </Link>{' '}
            in {b.cluster} through{' '}
            <Link href={bindingHref(b.cluster, b.binding)}>
              {b.binding.kind} {b.binding.namespace ? `${b.binding.namespace}/` : ''}
              {b.binding.name}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

const STATUS_TEXT: Record<string, string> = {
  confirmed: 'trust confirmed',
  conditional: 'trust depends on conditions',
  'not-trusted': 'trust policy does not admit it',
  'role-missing': 'role missing',
  'injection-off': 'RRSA injection off',
};

function Workloads({ detail }: { detail: CloudSubjectDetail }) {
  if (detail.workloads.length === 0) return <p className="card-body muted">No service account of a linked cluster is tied to this role.</p>;
  return (
    <div className="card-body">
      <ul>
        {detail.workloads.map((w) => (
          <li key={`${w.cluster}/${w.namespace}/${w.serviceAccount}/${w.mechanism}`}>
            <Link href={subjectHref(w.cluster, { kind: 'ServiceAccount', name: w.serviceAccount, namespace: w.namespace })}>
              ServiceAccount {w.namespace}/{w.serviceAccount}
            </Link>{' '}
            in {w.cluster} ({w.mechanism.toUpperCase()}):{' '}
            <span className={`flag ${w.status === 'confirmed' ? 'flag-info' : 'flag-warn'}`}>{STATUS_TEXT[w.status] ?? w.status}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function CloudSubjectView({ source, detail }: { source: string; detail: CloudSubjectDetail }) {
  return (
    <>
      {detail.notices.map((n) => (
        <p key={n} className="banner banner-info" role="note">
          {n}
        </p>
      ))}
      <Card id="cloud-policies-heading" title="Attached policies">
        <Attachments source={source} detail={detail} />
      </Card>
      {detail.user && (
        <>
          <Card id="cloud-groups-heading" title="Groups">
            <Names source={source} kind="CloudGroup" names={detail.user.groups} empty="Not in any group." />
          </Card>
          <Card id="cloud-credentials-heading" title="Login, MFA and access keys">
            <UserCredentials detail={detail} />
          </Card>
        </>
      )}
      {detail.group && (
        <Card id="cloud-members-heading" title="Members">
          <Names source={source} kind="CloudUser" names={detail.members} empty="No members." />
        </Card>
      )}
      {detail.role && (
        <>
          <Card id="cloud-trust-heading" title="Trust policy">
            {detail.openTrust.map((f) => (
              <p key={`${f.statementIndex}/${f.reason}`} className="banner banner-warn" role="note">
                <span className="flag flag-bad">open trust</span> statement #{f.statementIndex}: {f.reason}
              </p>
            ))}
            <pre className="card-body policy-document">{JSON.stringify(detail.role.trustPolicy, null, 2)}</pre>
          </Card>
          <Card id="cloud-workloads-heading" title="Linked service accounts (RRSA / IRSA)">
            <Workloads detail={detail} />
          </Card>
        </>
      )}
      {(detail.user || detail.role) && (
        <Card id="cloud-bindings-heading" title="Cluster subjects it is bound as (ACK)">
          <ClusterBindings detail={detail} />
        </Card>
      )}
    </>
  );
}
