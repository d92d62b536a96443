import Link from 'next/link';
import { SEVERITIES } from '../../lib/core/findings/types';
import type { OverviewFindings } from '../../lib/server/findings/overview-counts';
import { findingsHref } from '../findings/hrefs';
import '../findings/findings.css';

/** A cluster source's open findings by severity (built-in and suppressed ones aside), each opening the list behind it. */
export function FindingTiles({ source, findings }: { source: string; findings: OverviewFindings }) {
  if (!findings.ok) return <p className="card-body muted">No finding counts: {findings.reason}.</p>;
  const { builtIn, suppressed } = findings.hidden;
  return (
    <>
      <ul className="tiles sev-tiles" aria-label={`Findings of ${source}`}>
        {SEVERITIES.map((severity) => {
          const value = findings.counts[severity];
          return (
            <li key={severity}>
              <Link
                href={findingsHref({ source, severity })}
                className={`tile sev-tile sev-tile-${severity}${value === 0 ? ' is-zero' : ''}`}
              >
                <span className="tile-value">{value}</span>
                <span className="tile-label">{severity} findings</span>
              </Link>
            </li>
          );
        })}
      </ul>
      {(builtIn > 0 || suppressed > 0) && (
        <p className="card-body muted sev-hidden">
          Not counted above:{' '}
          {builtIn > 0 && <Link href={findingsHref({ source, showBuiltIn: true })}>{builtIn} about built-in objects</Link>}
          {builtIn > 0 && suppressed > 0 && ', '}
          {suppressed > 0 && <Link href={findingsHref({ source, showSuppressed: true })}>{suppressed} suppressed</Link>}.
        </p>
      )}
    </>
  );
}
