'use client';

import type { ColumnDef } from '@tanstack/react-table';
import Link from 'next/link';
import { useMemo } from 'react';
import type { PolicyRule } from '../../lib/core/kube/types';
import type { InventoryBinding } from '../../lib/core/inventory/binding-inventory';
import type { InventoryRole } from '../../lib/core/inventory/role-inventory';
import type { HolderView, SubjectView } from '../../lib/server/roles';
import { DataTable } from '../data-table';
import { bindingHref, roleHref, subjectHref } from '../subjects/hrefs';
import { ruleText } from '../who-can/who-can-results';

function refName(ref: { name: string; namespace?: string | undefined }): string {
  return ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
}

function replaceParam(key: string, value: string) {
  const url = new URL(window.location.href);
  if (value === '') url.searchParams.delete(key);
  else url.searchParams.set(key, value);
  window.history.replaceState(null, '', url);
}

export function RolesListTable({ source, roles, initialQ }: { source: string; roles: InventoryRole[]; initialQ: string }) {
  const columns = useMemo<ColumnDef<InventoryRole>[]>(
    () => [
      { id: 'kind', header: 'Kind', size: 110, accessorFn: (r) => r.kind },
      {
        id: 'name',
        header: 'Name',
        size: 340,
        accessorFn: (r) => r.name,
        cell: (c) => <Link href={roleHref(source, c.row.original)}>{c.row.original.name}</Link>,
      },
      {
        id: 'namespace',
        header: 'Namespace',
        size: 150,
        accessorFn: (r) => r.namespace ?? '',
        cell: (c) => c.row.original.namespace ?? <span className="muted">—</span>,
      },
      { id: 'rules', header: 'Rules', size: 70, accessorFn: (r) => r.rules, meta: { align: 'right' } },
      { id: 'bindings', header: 'Bindings', size: 80, accessorFn: (r) => r.bindings, meta: { align: 'right' } },
      {
        id: 'notes',
        header: 'Notes',
        size: 220,
        accessorFn: (r) => Number(r.hasWildcard) * 2 + Number(r.isAggregated),
        cell: (c) => (
          <span className="flags">
            {c.row.original.hasWildcard && <span className="flag flag-warn">wildcard</span>}
            {c.row.original.isAggregated && <span className="flag flag-info">aggregated</span>}
            {c.row.original.bindings === 0 && <span className="muted">unbound</span>}
          </span>
        ),
      },
    ],
    [source],
  );
  return (
    <DataTable
      label="Roles"
      data={roles}
      columns={columns}
      getRowId={(r) => `${r.kind}/${r.namespace ?? ''}/${r.name}`}
      rowHeaderColumn="name"
      filterText={(r) => `${r.kind} ${r.namespace ?? ''} ${r.name}`}
      initialFilter={initialQ}
      onFilterChange={(q) => replaceParam('q', q)}
      empty={<p className="muted">No role matches. Clear the filter to see every role.</p>}
    />
  );
}

export function BindingsListTable({ source, bindings, initialQ }: { source: string; bindings: InventoryBinding[]; initialQ: string }) {
  const columns = useMemo<ColumnDef<InventoryBinding>[]>(
    () => [
      { id: 'kind', header: 'Kind', size: 150, accessorFn: (b) => b.kind },
      {
        id: 'name',
        header: 'Name',
        size: 300,
        accessorFn: (b) => b.name,
        cell: (c) => <Link href={bindingHref(source, c.row.original)}>{c.row.original.name}</Link>,
      },
      {
        id: 'namespace',
        header: 'Namespace',
        size: 150,
        accessorFn: (b) => b.namespace ?? '',
        cell: (c) => c.row.original.namespace ?? <span className="muted">—</span>,
      },
      {
        id: 'role',
        header: 'Role',
        size: 260,
        accessorFn: (b) => b.roleRef.name,
        cell: (c) => {
          const b = c.row.original;
          if (b.role !== 'resolved') {
            return (
              <span>
                <span className="badge badge-failed">{b.role === 'missing-role' ? 'missing' : 'unsupported'}</span> {b.roleRef.kind}{' '}
                {b.roleRef.name}
              </span>
            );
          }
          return (
            <Link href={roleHref(source, { ...b.roleRef, namespace: b.namespace })}>
              <span className="ref-kind">{b.roleRef.kind}</span>
              {b.roleRef.name}
            </Link>
          );
        },
      },
      { id: 'subjects', header: 'Subjects', size: 80, accessorFn: (b) => b.subjects, meta: { align: 'right' } },
      {
        id: 'public',
        header: 'Notes',
        size: 200,
        accessorFn: (b) => Number(b.isPublic),
        cell: (c) =>
          c.row.original.isPublic ? <span className="flag flag-bad">everyone (system:authenticated/unauthenticated)</span> : null,
      },
    ],
    [source],
  );
  return (
    <DataTable
      label="Bindings"
      data={bindings}
      columns={columns}
      getRowId={(b) => `${b.kind}/${b.namespace ?? ''}/${b.name}`}
      rowHeaderColumn="name"
      filterText={(b) => `${b.kind} ${b.namespace ?? ''} ${b.name} ${b.roleRef.name}`}
      initialFilter={initialQ}
      onFilterChange={(q) => replaceParam('q', q)}
      empty={<p className="muted">No binding matches. Clear the filters to see every binding.</p>}
    />
  );
}

export function RuleListTable({ rules, highlight, label }: { rules: PolicyRule[]; highlight?: number; label: string }) {
  const rows = useMemo(() => rules.map((rule, index) => ({ rule, index })), [rules]);
  const columns = useMemo<ColumnDef<{ rule: PolicyRule; index: number }>[]>(
    () => [
      { id: 'index', header: '#', size: 50, accessorFn: (r) => r.index, meta: { align: 'right' } },
      {
        id: 'rule',
        header: 'Rule',
        size: 800,
        accessorFn: (r) => ruleText(r.rule),
        cell: (c) => (
          <code
            className={c.row.original.index === highlight ? 'rule-text rule-hit' : undefined}
            aria-current={c.row.original.index === highlight ? 'true' : undefined}
          >
            {ruleText(c.row.original.rule)}
          </code>
        ),
      },
    ],
    [highlight],
  );
  return (
    <DataTable
      label={label}
      data={rows}
      columns={columns}
      getRowId={(r) => String(r.index)}
      empty={<p className="muted">This role has no rules: it grants nothing.</p>}
    />
  );
}

function SubjectCell({ source, s }: { source: string; s: SubjectView }) {
  if (s.ignored) {
    return (
      <span title={s.ignored}>
        <span className="ref-kind">{s.kind}</span>
        {s.name} <span className="muted">(ignored: {s.ignored})</span>
      </span>
    );
  }
  return (
    <Link href={subjectHref(source, s)}>
      <span className="ref-kind">{s.kind}</span>
      {refName(s)}
    </Link>
  );
}

export function HoldersTable({ source, holders }: { source: string; holders: HolderView[] }) {
  const columns = useMemo<ColumnDef<HolderView>[]>(
    () => [
      {
        id: 'binding',
        header: 'Binding',
        size: 320,
        accessorFn: (h) => refName(h.binding),
        cell: (c) => (
          <Link href={bindingHref(source, c.row.original.binding)}>
            <span className="ref-kind">{c.row.original.binding.kind}</span>
            {refName(c.row.original.binding)}
          </Link>
        ),
      },
      {
        id: 'subjects',
        header: 'Subjects',
        size: 600,
        accessorFn: (h) => h.subjects.length,
        cell: (c) => (
          <ul className="paths" aria-label={`Subjects of ${c.row.original.binding.name}`}>
            {c.row.original.subjects.map((s) => (
              <li key={`${s.kind}/${s.namespace ?? ''}/${s.name}`}>
                <SubjectCell source={source} s={s} />
              </li>
            ))}
          </ul>
        ),
      },
    ],
    [source],
  );
  return (
    <DataTable
      label="Who holds it"
      data={holders}
      columns={columns}
      getRowId={(h) => `${h.binding.kind}/${h.binding.namespace ?? ''}/${h.binding.name}`}
      rowHeaderColumn="binding"
      filterText={(h) => `${h.binding.name} ${h.subjects.map((s) => s.name).join(' ')}`}
      empty={<p className="muted">No binding refers to this role: nobody holds it.</p>}
    />
  );
}

export function BindingSubjectsTable({ source, subjects }: { source: string; subjects: SubjectView[] }) {
  const columns = useMemo<ColumnDef<SubjectView>[]>(
    () => [
      { id: 'kind', header: 'Kind', size: 140, accessorFn: (s) => s.kind },
      {
        id: 'name',
        header: 'Subject',
        size: 420,
        accessorFn: (s) => s.name,
        cell: (c) => <SubjectCell source={source} s={c.row.original} />,
      },
      { id: 'namespace', header: 'Namespace', size: 160, accessorFn: (s) => s.namespace ?? '' },
    ],
    [source],
  );
  return (
    <DataTable
      label="Subjects"
      data={subjects}
      columns={columns}
      getRowId={(s) => `${s.kind}/${s.namespace ?? ''}/${s.name}`}
      rowHeaderColumn="name"
      empty={<p className="muted">This binding names no subject: it grants nothing to anyone.</p>}
    />
  );
}
