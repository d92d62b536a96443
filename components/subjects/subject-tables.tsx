'use client';

// The tables of the Subject page. Column definitions hold render functions, so they live on
// the client; the server sends only the rows.
import type { ColumnDef } from '@tanstack/react-table';
import Link from 'next/link';
import { useMemo } from 'react';
import type { AccessMatrixRow } from '../../lib/core/rbac/access-matrix';
import type { EffectiveRuleView, HeldBinding, SubjectDetail } from '../../lib/server/subjects';
import { DataTable } from '../data-table';
import { ruleText } from '../who-can/who-can-results';
import { bindingHref, roleHref, subjectHref } from './hrefs';

function scopeLabel(namespace: string): string {
  return namespace === '' ? 'cluster-wide' : namespace;
}

function refName(ref: { name: string; namespace?: string | undefined }): string {
  return ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
}

export function RulesTable({ source, groups }: { source: string; groups: SubjectDetail['rulesByNamespace'] }) {
  const rows = useMemo(() => groups.flatMap((g) => g.rules.map((r) => ({ ...r, namespace: g.namespace }))), [groups]);
  const columns = useMemo<ColumnDef<EffectiveRuleView & { namespace: string }>[]>(
    () => [
      {
        id: 'scope',
        header: 'Applies in',
        size: 140,
        accessorFn: (r) => (r.namespace === '' ? '' : r.namespace),
        cell: (c) => scopeLabel(c.row.original.namespace),
      },
      {
        id: 'rule',
        header: 'Rule',
        size: 460,
        accessorFn: (r) => ruleText(r.rule),
        cell: (c) => <code>{ruleText(c.row.original.rule)}</code>,
      },
      {
        id: 'path',
        header: 'Path (binding → role → rule)',
        size: 380,
        accessorFn: (r) => `${r.match.binding.name} ${r.match.role.name}`,
        cell: (c) => {
          const { binding, role, ruleIndex } = c.row.original.match;
          const roleLink = roleHref(source, { kind: role.kind, name: role.name, namespace: binding.namespace });
          return (
            <span className="path-chain">
              <Link href={bindingHref(source, binding)}>
                <span className="ref-kind">{binding.kind}</span>
                {refName(binding)}
              </Link>
              <span className="path-arrow" aria-label="grants">
                →
              </span>
              <Link href={roleLink}>
                <span className="ref-kind">{role.kind}</span>
                {role.name}
              </Link>
              <span className="path-arrow" aria-label="via">
                →
              </span>
              <Link href={`${roleLink}&rule=${ruleIndex}`}>rule #{ruleIndex}</Link>
            </span>
          );
        },
      },
      {
        id: 'via',
        header: 'Through',
        size: 220,
        accessorFn: (r) => `${r.via.kind} ${r.via.name}`,
        cell: (c) => <Via source={source} via={c.row.original.via} />,
      },
    ],
    [source],
  );
  return (
    <DataTable
      label="Effective rules"
      data={rows}
      columns={columns}
      getRowId={(r) => `${r.match.binding.kind}/${r.match.binding.namespace ?? ''}/${r.match.binding.name}/${r.match.ruleIndex}`}
      filterText={(r) => `${scopeLabel(r.namespace)} ${ruleText(r.rule)} ${r.match.binding.name} ${r.match.role.name} ${r.via.name}`}
      empty={<p className="muted">RBAC grants this subject nothing in this snapshot: no binding names it or a group it belongs to.</p>}
    />
  );
}

function Via({ source, via }: { source: string; via: { kind: string; name: string; namespace?: string | undefined } }) {
  return (
    <Link href={subjectHref(source, via)}>
      <span className="ref-kind">{via.kind}</span>
      {refName(via)}
    </Link>
  );
}

export function HeldBindingsTable({ source, bindings }: { source: string; bindings: HeldBinding[] }) {
  const columns = useMemo<ColumnDef<HeldBinding>[]>(
    () => [
      { id: 'kind', header: 'Kind', size: 150, accessorFn: (b) => b.binding.kind },
      {
        id: 'binding',
        header: 'Binding',
        size: 280,
        accessorFn: (b) => refName(b.binding),
        cell: (c) => <Link href={bindingHref(source, c.row.original.binding)}>{refName(c.row.original.binding)}</Link>,
      },
      {
        id: 'role',
        header: 'Role',
        size: 260,
        accessorFn: (b) => b.role.name,
        cell: (c) => {
          const { role, binding, resolved } = c.row.original;
          if (!resolved) {
            return (
              <span>
                <span className="badge badge-failed">missing</span> {role.kind} {role.name}
              </span>
            );
          }
          return (
            <Link href={roleHref(source, { kind: role.kind, name: role.name, namespace: binding.namespace })}>
              <span className="ref-kind">{role.kind}</span>
              {role.name}
            </Link>
          );
        },
      },
      {
        id: 'via',
        header: 'Through',
        size: 240,
        accessorFn: (b) => b.via.name,
        cell: (c) => <Via source={source} via={c.row.original.via} />,
      },
    ],
    [source],
  );
  return (
    <DataTable
      label="Bindings"
      data={bindings}
      columns={columns}
      getRowId={(b) => `${b.binding.kind}/${b.binding.namespace ?? ''}/${b.binding.name}`}
      rowHeaderColumn="binding"
      empty={<p className="muted">No binding names this subject or one of its groups.</p>}
    />
  );
}

export function PodsTable({ pods }: { pods: SubjectDetail['pods'] }) {
  const columns = useMemo<ColumnDef<SubjectDetail['pods'][number]>[]>(
    () => [
      { id: 'name', header: 'Pod', size: 320, accessorFn: (p) => p.name },
      { id: 'namespace', header: 'Namespace', size: 160, accessorFn: (p) => p.namespace },
      { id: 'owner', header: 'Owner', size: 280, accessorFn: (p) => (p.owner ? `${p.owner.kind}/${p.owner.name}` : '') },
    ],
    [],
  );
  return (
    <DataTable
      label="Pods running as this service account"
      data={pods}
      columns={columns}
      getRowId={(p) => `${p.namespace}/${p.name}`}
      rowHeaderColumn="name"
      empty={<p className="muted">No Pod in this snapshot runs as this service account (or the snapshot lacks Pods).</p>}
    />
  );
}

export function MatrixTable({ verbs, rows, namespace }: { verbs: string[]; rows: AccessMatrixRow[]; namespace: string }) {
  const columns = useMemo<ColumnDef<AccessMatrixRow>[]>(
    () => [
      {
        id: 'resource',
        header: 'Resource',
        size: 240,
        accessorFn: (r) => `${r.resource}${r.group ? `.${r.group}` : ''}`,
        cell: (c) => (
          <code>
            {c.row.original.resource}
            {c.row.original.group && <span className="muted">.{c.row.original.group}</span>}
          </code>
        ),
      },
      ...verbs.map((verb): ColumnDef<AccessMatrixRow> => ({
        id: verb,
        header: verb,
        size: 70,
        accessorFn: (r) => (r.verbs[verb] === undefined ? -1 : r.verbs[verb] ? 1 : 0),
        cell: (c) => {
          const allowed = c.row.original.verbs[verb];
          if (allowed === undefined)
            return (
              <span className="muted" title="not served by this resource">
                ·
              </span>
            );
          return allowed ? (
            <span className="cell-yes">
              ✓<span className="visually-hidden"> allowed</span>
            </span>
          ) : (
            <span className="cell-no">
              –<span className="visually-hidden"> denied</span>
            </span>
          );
        },
      })),
    ],
    [verbs],
  );
  return (
    <DataTable
      label={`Access matrix ${namespace === '' ? 'cluster-scoped' : `in ${namespace}`}`}
      data={rows}
      columns={columns}
      getRowId={(r) => `${r.group}/${r.resource}`}
      rowHeaderColumn="resource"
      filterText={(r) => `${r.resource} ${r.group}`}
      filterPlaceholder="Filter resources…"
      estimateRowHeight={30}
    />
  );
}
