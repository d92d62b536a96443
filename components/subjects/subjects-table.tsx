'use client';

import type { ColumnDef } from '@tanstack/react-table';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import type { InventorySubject } from '../../lib/core/inventory/subject-inventory';
import { PRIVILEGE_FLAGS, type PrivilegeFlag } from '../../lib/core/inventory/privilege-flags';
import { DataTable } from '../data-table';
import { Flags } from './flags';
import { subjectHref } from './hrefs';

const KINDS = ['User', 'Group', 'ServiceAccount'] as const;

/** Keeps list state in the address without a navigation (a shared link opens the same view). */
function replaceParam(key: string, value: string) {
  const url = new URL(window.location.href);
  if (value === '') url.searchParams.delete(key);
  else url.searchParams.set(key, value);
  window.history.replaceState(null, '', url);
}

function columnsFor(source: string): ColumnDef<InventorySubject>[] {
  return [
    { id: 'kind', header: 'Kind', size: 120, accessorFn: (s) => s.kind },
    {
      id: 'name',
      header: 'Name',
      size: 300,
      accessorFn: (s) => s.name,
      cell: (c) => (
        <Link href={subjectHref(source, c.row.original)}>
          <code>{c.row.original.name}</code>
        </Link>
      ),
    },
    {
      id: 'namespace',
      header: 'Namespace',
      size: 150,
      accessorFn: (s) => s.namespace ?? '',
      cell: (c) => c.row.original.namespace ?? <span className="muted">—</span>,
    },
    { id: 'bindings', header: 'Bindings', size: 90, accessorFn: (s) => s.bindings, meta: { align: 'right' } },
    {
      id: 'flags',
      header: 'Privileges',
      size: 300,
      accessorFn: (s) => s.flags.length,
      cell: (c) => (
        <>
          <Flags flags={c.row.original.flags} />
          {c.row.original.exists === false && <span className="muted"> no ServiceAccount object</span>}
        </>
      ),
    },
  ];
}

export interface SubjectsTableProps {
  source: string;
  subjects: InventorySubject[];
  initial: { q: string; kind: string; filter: string };
}

export function SubjectsTable({ source, subjects, initial }: SubjectsTableProps) {
  const [kind, setKind] = useState(initial.kind);
  const [flag, setFlag] = useState(initial.filter);
  const columns = useMemo(() => columnsFor(source), [source]);
  const rows = useMemo(
    () => subjects.filter((s) => (kind === '' || s.kind === kind) && (flag === '' || s.flags.includes(flag as PrivilegeFlag))),
    [subjects, kind, flag],
  );
  return (
    <>
      <div className="toolbar">
        <div className="field">
          <label htmlFor="subjects-kind">Kind</label>
          <select
            id="subjects-kind"
            value={kind}
            onChange={(e) => {
              setKind(e.target.value);
              replaceParam('kind', e.target.value);
            }}
          >
            <option value="">All kinds</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="subjects-flag">Privilege</label>
          <select
            id="subjects-flag"
            value={flag}
            onChange={(e) => {
              setFlag(e.target.value);
              replaceParam('filter', e.target.value);
            }}
          >
            <option value="">Any</option>
            {PRIVILEGE_FLAGS.map((f) => (
              <option key={f.id} value={f.id}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <section className="card">
        <DataTable
          label="Subjects"
          data={rows}
          columns={columns}
          getRowId={(s) => `${s.kind}/${s.namespace ?? ''}/${s.name}`}
          rowHeaderColumn="name"
          filterText={(s) => `${s.kind} ${s.namespace ?? ''} ${s.name}`}
          filterPlaceholder="Search by name or namespace…"
          initialFilter={initial.q}
          onFilterChange={(q) => replaceParam('q', q)}
          empty={<p className="muted">No subject matches these filters. Choose “All kinds” and “Any” to see every subject.</p>}
        />
      </section>
    </>
  );
}
