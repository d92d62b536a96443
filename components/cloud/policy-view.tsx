// A cloud policy: its facts, its document one statement at a time (anchored #statement-N with the
// 0-based index verdicts cite, highlighted when it is the URL's target), and who holds it.
import Link from 'next/link';
import type { PolicyDetail } from '../../lib/server/policies';
import { cloudSubjectHref } from './hrefs';

// The page's own rule for a targeted statement (globals.css belongs to the layout).
const TARGET_CSS = `.policy-statement{margin:0 0 .75rem;padding:.5rem .75rem;border-left:3px solid transparent}
.policy-statement:target{border-left-color:#d97706;background:rgba(217,119,6,.12)}
.policy-statement pre{margin:.25rem 0 0;white-space:pre-wrap}`;

export function PolicyView({ source, detail }: { source: string; detail: PolicyDetail }) {
  const { body, statements, holders } = detail;
  return (
    <>
      <style>{TARGET_CSS}</style>
      <section className="card" aria-labelledby="policy-facts-heading">
        <header className="card-header">
          <h2 id="policy-facts-heading">Policy</h2>
        </header>
        <dl className="card-body">
          <dt>Type</dt>
          <dd>{body.policyType}</dd>
          <dt>Default version</dt>
          <dd>{body.defaultVersion}</dd>
          {body.description && (
            <>
              <dt>Description</dt>
              <dd>{body.description}</dd>
            </>
          )}
          {body.updateDate && (
            <>
              <dt>Updated</dt>
              <dd>{body.updateDate}</dd>
            </>
          )}
          {body.arn && (
            <>
              <dt>ARN</dt>
              <dd>
                <code>{body.arn}</code>
              </dd>
            </>
          )}
        </dl>
      </section>
      <section className="card" aria-labelledby="policy-document-heading">
        <header className="card-header">
          <h2 id="policy-document-heading">Document ({body.defaultVersion})</h2>
          <span className="muted">{statements.length} statements, numbered from 0 as who-can and can-i answers cite them</span>
        </header>
        <div className="card-body">
          {statements.map(({ index, statement }) => (
            <div key={index} id={`statement-${index}`} className="policy-statement">
              <a href={`#statement-${index}`}>statement #{index}</a>
              <pre>{JSON.stringify(statement, null, 2)}</pre>
            </div>
          ))}
        </div>
      </section>
      <section className="card" aria-labelledby="policy-holders-heading">
        <header className="card-header">
          <h2 id="policy-holders-heading">Who holds it</h2>
        </header>
        {holders.length === 0 ? (
          <p className="card-body muted">No user, group or role has this policy attached.</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Principal</th>
                <th scope="col">Via</th>
                <th scope="col">Scope</th>
              </tr>
            </thead>
            <tbody>
              {holders.map((h) => (
                <tr key={`${h.kind}/${h.name}/${h.viaGroup ?? ''}/${h.scope.kind === 'resource-group' ? h.scope.resourceGroupId : ''}`}>
                  <td>{h.kind}</td>
                  <td>
                    <Link href={cloudSubjectHref(source, h.kind, h.name)}>
                      <code>{h.name}</code>
                    </Link>
                  </td>
                  <td>
                    {h.viaGroup ? (
                      <Link href={cloudSubjectHref(source, 'CloudGroup', h.viaGroup)}>group {h.viaGroup}</Link>
                    ) : (
                      'direct attachment'
                    )}
                  </td>
                  <td>{h.scope.kind === 'account' ? 'account' : `resource group ${h.scope.resourceGroupId}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
