// Findings gained and resolved between two snapshots, highest severity first (the order they come
// in: lib/core/findings drift), each with its severity, subject and scope, opening its evidence on
// the finding's page in the snapshot that holds it: a gained finding is in the later snapshot, a
// resolved one in the earlier. Shared by the diff page and the weekly review. Server-rendered.
import Link from 'next/link';
import { partyText, scopeText } from '../../lib/core/findings/format';
import type { NotEvaluated } from '../../lib/core/findings/types';
import type { FindingSummary } from '../../lib/server/drift';
import './findings-diff.css';

/** Rows per list; the findings page (and -o json) has every one. */
const SHOWN = 100;

export interface FindingsDriftView {
  gained: readonly FindingSummary[];
  resolved: readonly FindingSummary[];
  notEvaluated: readonly NotEvaluated[];
}

interface Props {
  findings: FindingsDriftView;
  sourceName: string;
  /** The snapshots compared: gained findings are in `to`, resolved ones in `from`. */
  from: number;
  to: number;
}

interface TableProps {
  direction: 'gained' | 'resolved';
  findings: readonly FindingSummary[];
  sourceName: string;
  /** The snapshot that holds these findings. */
  snapshot: number;
}

/** The findings page of one snapshot of a source. */
function findingsHref(sourceName: string, snapshotId: number): string {
  return `/findings?source=${encodeURIComponent(sourceName)}&snapshot=${snapshotId}`;
}

/** One finding's page (its evidence) in one snapshot of a source. */
function findingHref(id: string, sourceName: string, snapshotId: number): string {
  return `/findings/${encodeURIComponent(id)}?source=${encodeURIComponent(sourceName)}&snapshot=${snapshotId}`;
}

export function SeverityBadge({ severity }: { severity: FindingSummary['severity'] }) {
  return <span className={`badge drift-severity drift-severity-${severity}`}>{severity}</span>;
}

function note(f: FindingSummary): string {
  const notes: string[] = [];
  if (f.suppressed) notes.push('suppressed');
  if (f.builtIn) notes.push(`built-in: ${f.builtIn.reason}`);
  return notes.join('; ');
}

function FindingsTable({ direction, findings, sourceName, snapshot }: TableProps) {
  if (findings.length === 0) return <p className="muted">No finding {direction}.</p>;
  const shown = findings.slice(0, SHOWN);
  const rest = findings.length - shown.length;
  return (
    <>
      <table className="data">
        <caption className="visually-hidden">Findings {direction}, highest severity first</caption>
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">Finding</th>
            <th scope="col">Subject</th>
            <th scope="col">Scope</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((f) => (
            <tr key={f.id}>
              <td>
                <SeverityBadge severity={f.severity} />
              </td>
              <th scope="row">
                <Link href={findingHref(f.id, sourceName, snapshot)}>{f.title}</Link>
                <span className="rule-id">{f.rule}</span>
              </th>
              <td className="mono">{partyText(f.subject ?? f.object)}</td>
              <td>{scopeText(f.scope)}</td>
              <td className="muted">{note(f)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">
        {rest > 0 ? `${rest} more ${direction} not listed here. ` : null}
        <Link href={findingsHref(sourceName, snapshot)}>All findings of snapshot #{snapshot}</Link>
      </p>
    </>
  );
}

export function FindingsDiffList({ findings, sourceName, from, to }: Props) {
  const { gained, resolved, notEvaluated } = findings;
  return (
    <section className="card findings-drift" aria-labelledby="findings-drift-title">
      <div className="card-header">
        <h2 id="findings-drift-title">
          Findings: {gained.length} gained, {resolved.length} resolved
        </h2>
      </div>
      <div className="card-body table-wrap">
        <h3>Gained</h3>
        <FindingsTable direction="gained" findings={gained} sourceName={sourceName} snapshot={to} />
        <h3>Resolved</h3>
        <FindingsTable direction="resolved" findings={resolved} sourceName={sourceName} snapshot={from} />
        {notEvaluated.length > 0 && (
          <>
            <h3>Not compared</h3>
            <ul className="muted">
              {notEvaluated.map((n) => (
                <li key={n.rule}>
                  <span className="mono">{n.rule}</span>: {n.reason}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}
