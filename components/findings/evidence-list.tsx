import Link from 'next/link';
import type { EvidenceView } from '../../lib/server/findings/finding-detail';
import { roleHref } from '../subjects/hrefs';
import { PathItem, ruleText } from '../who-can/who-can-results';
import { PartyLink } from './findings-table';

function evidenceKey(e: EvidenceView, i: number): string {
  switch (e.kind) {
    case 'grant':
      return `grant:${e.request}`;
    case 'rule':
      return `rule:${e.role.kind}/${e.role.namespace ?? ''}/${e.role.name}/${e.ruleIndex}`;
    case 'object':
      return `object:${e.object.kind}/${e.object.namespace ?? ''}/${e.object.name}/${e.field}/${i}`;
  }
}

function RuleEvidence({ source, role, ruleIndex, rule, wildcards }: Extract<EvidenceView, { kind: 'rule' }> & { source: string }) {
  const href = roleHref(source, role);
  return (
    <>
      <p className="evidence-request">
        Rule #{ruleIndex} of <PartyLink source={source} party={role} />
        {wildcards.length > 0 && <span className="muted"> · wildcard in {wildcards.join(', ')}</span>}
      </p>
      <p className="rule-text rule-hit">
        <Link href={`${href}&rule=${ruleIndex}`}>rule #{ruleIndex}</Link> {rule ? ruleText(rule) : 'rule text unavailable'}
      </p>
    </>
  );
}

/**
 * The finding's evidence as the engine gave it: each granted request with every path that grants it
 * (binding → role → rule, each a link), a role's rule as stored, or an object's field and value.
 */
export function EvidenceList({ source, evidence }: { source: string; evidence: EvidenceView[] }) {
  if (evidence.length === 0) return <p className="card-body muted">The rule gave no evidence for this finding.</p>;
  return (
    <ol className="evidence-list" aria-label="Evidence">
      {evidence.map((e, i) => (
        <li key={evidenceKey(e, i)}>
          {e.kind === 'grant' && (
            <>
              <p className="evidence-request">Allowed: {e.request}</p>
              <ul className="paths" aria-label={`Paths granting: ${e.request}`}>
                {e.paths.map((path) => (
                  <PathItem
                    key={`${path.binding.kind}/${path.binding.namespace ?? ''}/${path.binding.name}/${path.role.kind}/${path.role.name}/${path.ruleIndex}`}
                    path={path}
                    source={source}
                  />
                ))}
              </ul>
            </>
          )}
          {e.kind === 'rule' && <RuleEvidence {...e} source={source} />}
          {e.kind === 'object' && (
            <p className="evidence-request">
              <PartyLink source={source} party={e.object} /> <code>{e.field}</code> = <code>{e.value}</code>
            </p>
          )}
        </li>
      ))}
    </ol>
  );
}
