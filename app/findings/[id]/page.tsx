import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { CodeText } from '../../../components/findings/code-text';
import { EvidenceList } from '../../../components/findings/evidence-list';
import { FindingNotes, PartyLink } from '../../../components/findings/findings-table';
import { findingsHref } from '../../../components/findings/hrefs';
import { SeverityBadge } from '../../../components/findings/severity';
import { SuppressionForm } from '../../../components/findings/suppression-form';
import { SuppressionsList } from '../../../components/findings/suppressions-list';
import '../../../components/findings/findings.css';
import { formatTime } from '../../../components/format';
import { SnapshotLine } from '../../../components/overview/snapshot-line';
import { scopeText } from '../../../lib/core/findings/format';
import { loadFindingDetail, type FindingDetailRefusal } from '../../../lib/server/findings/finding-detail';
import type { PageParams } from '../../../lib/server/page-snapshot';
import { pageStore } from '../../../lib/server/auth/page-access';

export const metadata: Metadata = { title: 'Finding' };

type Params = Promise<{ id: string }>;

export default async function FindingPage({ params, searchParams }: { params: Params; searchParams: Promise<PageParams> }) {
  await connection();
  const { id } = await params;
  const detail = await loadFindingDetail(await pageStore(), id, await searchParams);
  if (!detail.ok) return <Refused refusal={detail} />;
  const { source, snapshot, finding, rule, evidence } = detail;
  const by = finding.suppressedBy;
  return (
    <>
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href={findingsHref({ source: source.name })}>Findings</Link> /{' '}
        <Link href={findingsHref({ source: source.name, rule: rule.id })}>{rule.id}</Link>
      </nav>
      <div className="page-header">
        <h1>
          <SeverityBadge severity={finding.severity} /> {finding.title}
        </h1>
      </div>
      <SnapshotLine snapshot={snapshot} />
      <div className="finding-meta">
        {finding.subject && (
          <span>
            Subject: <PartyLink source={source.name} party={finding.subject} />
          </span>
        )}
        {finding.object && (
          <span>
            Object: <PartyLink source={source.name} party={finding.object} />
          </span>
        )}
        <span>Scope: {scopeText(finding.scope)}</span>
        <span>
          Rule: <code>{rule.id}</code>
        </span>
        <span className="muted">
          id <code>{finding.id}</code>
        </span>
        <FindingNotes finding={finding} />
      </div>
      {finding.builtIn && (
        <p className="banner banner-info" role="note">
          <strong>Built-in:</strong> {finding.builtIn.reason}.
        </p>
      )}
      <p
        className={`banner ${finding.suppressed ? 'banner-warn' : 'banner-info'} overview-banner`}
        role="status"
        aria-label="Suppression status"
      >
        {finding.suppressed && by ? (
          <>
            <strong>Suppressed</strong> by #{by.id} until {formatTime(by.expiresAt)}, owned by {by.owner}: {by.justification}
          </>
        ) : (
          <>
            <strong>Open:</strong> no suppression in force matches this finding.
          </>
        )}
      </p>

      <section className="card finding-rule" aria-labelledby="rule-heading">
        <header className="card-header">
          <h2 id="rule-heading">Why it matters</h2>
        </header>
        <div className="card-body">
          <p>
            <CodeText text={rule.rationale} />
          </p>
          <h3>Remediation</h3>
          <p>
            <CodeText text={rule.remediation} />
          </p>
          {rule.references.length > 0 && (
            <>
              <h3>References</h3>
              <ul aria-label="References">
                {rule.references.map((r) => (
                  <li key={r.label}>
                    {r.url ? (
                      <a href={r.url} rel="noreferrer noopener" target="_blank">
                        {r.label}
                      </a>
                    ) : (
                      r.label
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      </section>

      <section className="card" aria-labelledby="evidence-heading">
        <header className="card-header">
          <h2 id="evidence-heading">Evidence</h2>
          <span className="muted">as the engine found it: binding → role → rule, or the object’s field</span>
        </header>
        <EvidenceList source={source.name} evidence={evidence} />
      </section>

      <section className="card" aria-labelledby="suppress-heading">
        <header className="card-header">
          <h2 id="suppress-heading">Suppress</h2>
          <span className="muted">
            accept this finding for a while; it stays listed, marked, and comes back when the suppression expires
          </span>
        </header>
        <SuppressionForm source={source.name} finding={finding} now={detail.now} />
      </section>

      <section className="card" aria-labelledby="suppressions-heading">
        <header className="card-header">
          <h2 id="suppressions-heading">Suppressions of {source.name}</h2>
          <span className="muted">status at the server’s clock; expired and revoked ones stay listed</span>
        </header>
        <SuppressionsList source={source.name} initial={{ now: detail.now, suppressions: detail.suppressions }} finding={finding} />
      </section>
    </>
  );
}

function Refused({ refusal }: { refusal: FindingDetailRefusal }) {
  return (
    <>
      <h1>Finding</h1>
      <div className="empty-state" role="alert">
        <h2>Cannot show this finding ({refusal.param})</h2>
        <p>{refusal.error}</p>
        <p>
          <Link href={findingsHref(refusal.source === undefined ? {} : { source: refusal.source })}>Back to the findings</Link>
        </p>
      </div>
    </>
  );
}
