import Link from 'next/link';
import { SEVERITIES } from '../../lib/core/findings/types';
import type { FindingsFilter, SeverityCounts } from '../../lib/server/findings/filter';
import { findingsHref } from './hrefs';
import './findings.css';

/** Counts by severity of what the other filters show; each opens the list at that severity (again: all severities). */
export function SeverityCountTiles({ filter, counts, label }: { filter: FindingsFilter; counts: SeverityCounts; label: string }) {
  return (
    <ul className="tiles sev-tiles" aria-label={label}>
      {SEVERITIES.map((severity) => {
        const isCurrent = filter.severity === severity;
        const value = counts[severity];
        return (
          <li key={severity}>
            <Link
              href={findingsHref({ ...filter, severity: isCurrent ? undefined : severity })}
              className={`tile sev-tile sev-tile-${severity}${value === 0 ? ' is-zero' : ''}`}
              aria-current={isCurrent ? 'true' : undefined}
            >
              <span className="tile-value">{value}</span>
              <span className="tile-label">{severity}</span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
