import Link from 'next/link';
import { SEVERITIES, type Severity } from '../../lib/core/findings/types';
import type { Source } from '../../lib/core/snapshot/types';
import type { FindingsFilter } from '../../lib/server/findings/filter';
import { findingsHref } from './hrefs';

export interface FilterFormProps {
  filter: FindingsFilter;
  /** The source that answered (the resolver's pick when the URL names none). */
  source: string;
  sources: Source[];
  rules: { id: string; title: string; severity: Severity }[];
  namespaces: string[];
  /** Set when the URL pins a snapshot; the form keeps it. */
  snapshotId?: number;
  /** The parameter the server refused, marked on its field. */
  invalidParam?: string;
}

/**
 * The findings page's filters as a plain GET form: the URL holds them, so a filtered view is a link
 * to share, and the form works before (or without) JavaScript.
 */
export function FindingsFilterForm({ filter, source, sources, rules, namespaces, snapshotId, invalidParam }: FilterFormProps) {
  // Clusters first, then cloud accounts: each answers with its own layer's rules.
  const choices = [...sources.filter((s) => s.kind === 'cluster'), ...sources.filter((s) => s.kind !== 'cluster')];
  const invalid = (param: string) => (invalidParam === param ? true : undefined);
  return (
    <form method="get" action="/findings" className="query-form findings-filter" aria-label="Filter findings">
      {snapshotId !== undefined && <input type="hidden" name="snapshot" value={snapshotId} />}
      {filter.role !== undefined && <input type="hidden" name="role" value={filter.role} />}
      <div className="form-grid">
        <div className="field">
          <label htmlFor="findings-source">Source</label>
          <select id="findings-source" name="source" defaultValue={source} aria-invalid={invalid('source')}>
            {choices.map((s) => (
              <option key={s.id} value={s.name}>
                {s.name}
                {s.kind === 'cloud-account' ? ' (cloud account)' : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="findings-severity">Severity</label>
          <select id="findings-severity" name="severity" defaultValue={filter.severity ?? ''} aria-invalid={invalid('severity')}>
            <option value="">any</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="findings-rule">Rule</label>
          <select id="findings-rule" name="rule" defaultValue={filter.rule ?? ''} aria-invalid={invalid('rule')}>
            <option value="">any</option>
            {rules.map((r) => (
              <option key={r.id} value={r.id}>
                {r.id} ({r.severity})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="findings-namespace">Namespace</label>
          <select id="findings-namespace" name="namespace" defaultValue={filter.namespace ?? ''} aria-invalid={invalid('namespace')}>
            <option value="">any</option>
            {filter.namespace !== undefined && !namespaces.includes(filter.namespace) && (
              <option value={filter.namespace}>{filter.namespace}</option>
            )}
            {namespaces.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="findings-subject">Subject</label>
          <input
            id="findings-subject"
            name="subject"
            type="text"
            defaultValue={filter.subject ?? ''}
            placeholder="e.g. ServiceAccount ci/deployer"
            aria-invalid={invalid('subject')}
          />
        </div>
      </div>
      <div className="form-actions">
        <div className="checks">
          <label>
            <input type="checkbox" name="builtin" value="1" defaultChecked={filter.showBuiltIn} /> Show built-in
          </label>
          <label>
            <input type="checkbox" name="suppressed" value="1" defaultChecked={filter.showSuppressed} /> Show suppressed
          </label>
        </div>
        <button type="submit">Apply filters</button>
        <Link href={findingsHref({ source })}>Clear</Link>
      </div>
      {filter.role !== undefined && (
        <p className="active-filters muted">
          <span>
            Only findings whose evidence passes through <code>{filter.role}</code>
          </span>
          <Link href={findingsHref({ ...filter, role: undefined })}>remove this filter</Link>
        </p>
      )}
    </form>
  );
}
