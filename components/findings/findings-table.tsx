'use client';

import type { ColumnDef } from '@tanstack/react-table';
import Link from 'next/link';
import { useMemo } from 'react';
import { scopeText } from '../../lib/core/findings/format';
import { severityRank, type FindingParty } from '../../lib/core/findings/types';
import type { FindingRow } from '../../lib/server/findings/findings-page';
import { DataTable } from '../data-table';
import { findingHref, partyHref } from './hrefs';
import { SeverityBadge } from './severity';

function partyName(p: FindingParty): string {
  return p.namespace ? `${p.namespace}/${p.name}` : p.name;
}

export function PartyLink({ source, party }: { source: string; party: FindingParty | null }) {
  if (!party) return <span className="muted">—</span>;
  const href = partyHref(source, party);
  return (
    <span>
      <span className="ref-kind">{party.kind}</span>
      {href ? (
        <Link href={href}>
          <code>{partyName(party)}</code>
        </Link>
      ) : (
        <code>{partyName(party)}</code>
      )}
    </span>
  );
}

export function FindingNotes({ finding }: { finding: Pick<FindingRow, 'builtIn' | 'suppressed' | 'suppressedBy'> }) {
  const by = finding.suppressedBy;
  return (
    <span className="flags">
      {finding.builtIn && (
        <span className="flag flag-info" title={finding.builtIn.reason}>
          built-in
        </span>
      )}
      {finding.suppressed && (
        <span className="flag flag-warn" title={by ? `#${by.id} by ${by.owner} until ${by.expiresAt}: ${by.justification}` : undefined}>
          suppressed{by ? ` #${by.id}` : ''}
        </span>
      )}
    </span>
  );
}

function rowText(f: FindingRow): string {
  const party = (p: FindingParty | null) => (p ? `${p.kind} ${p.namespace ?? ''} ${p.name}` : '');
  return `${f.severity} ${f.rule} ${f.title} ${party(f.subject)} ${party(f.object)} ${f.scope} ${f.via}`;
}

/** The findings the filter shows, worst first; each title opens the finding with its evidence. */
export function FindingsTable({ source, snapshotId, rows }: { source: string; snapshotId: number | undefined; rows: FindingRow[] }) {
  const columns = useMemo<ColumnDef<FindingRow>[]>(
    () => [
      {
        id: 'severity',
        header: 'Severity',
        size: 96,
        accessorFn: (f) => severityRank(f.severity),
        cell: (c) => <SeverityBadge severity={c.row.original.severity} />,
      },
      {
        id: 'finding',
        header: 'Finding',
        size: 290,
        accessorFn: (f) => f.title,
        cell: (c) => (
          <span>
            <Link href={findingHref(c.row.original.id, source, snapshotId)}>{c.row.original.title}</Link>
            <br />
            <code className="muted">{c.row.original.rule}</code>
          </span>
        ),
      },
      {
        id: 'subject',
        header: 'Subject (or object)',
        size: 250,
        accessorFn: (f) => {
          const p = f.subject ?? f.object;
          return p ? `${p.kind} ${p.namespace ?? ''} ${p.name}` : '';
        },
        cell: (c) => <PartyLink source={source} party={c.row.original.subject ?? c.row.original.object} />,
      },
      { id: 'scope', header: 'Scope', size: 130, accessorFn: (f) => scopeText(f.scope) },
      {
        id: 'via',
        header: 'Through',
        size: 270,
        accessorFn: (f) => f.via,
        cell: (c) => (
          <span className="muted">
            {c.row.original.via}
            {c.row.original.evidenceCount > 1 && ` (${c.row.original.evidenceCount} pieces of evidence)`}
          </span>
        ),
      },
      {
        id: 'notes',
        header: 'Marks',
        size: 130,
        accessorFn: (f) => Number(f.builtIn !== null) + Number(f.suppressed) * 2,
        cell: (c) => <FindingNotes finding={c.row.original} />,
      },
    ],
    [source, snapshotId],
  );
  return (
    <DataTable
      label="Findings"
      data={rows}
      columns={columns}
      getRowId={(f) => f.id}
      rowHeaderColumn="finding"
      filterText={rowText}
      filterPlaceholder="Narrow this list…"
      estimateRowHeight={52}
      empty={<p className="muted">No finding matches these filters.</p>}
    />
  );
}
