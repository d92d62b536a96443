'use client';

import type { ColumnDef } from '@tanstack/react-table';
import Link from 'next/link';
import { useMemo } from 'react';
import type { PathView, RuleView, SubjectView, WhoCanView } from '../../lib/server/questions/who-can-view';
import { DataTable } from '../data-table';
import { formatTime, plural } from '../format';
import { bindingHref, graphWhoCanHref, roleHref, subjectHref } from '../subjects/hrefs';
import type { FindingMarks } from '../../lib/server/findings/marks';
import { partyPattern, subjectFindingsHref } from '../findings/hrefs';
import { severityRank } from '../../lib/core/findings/types';
import { SeverityMarkLink } from '../findings/severity';
import { useFindingMarks } from '../findings/use-finding-marks';

function list(values: string[]): string {
  return `[${values.map((v) => (v === '' ? '""' : v)).join(', ')}]`;
}

/** The rule as written in the role, omitting the lists it leaves empty (verbs always shown). */
export function ruleText(rule: RuleView): string {
  const parts = [`verbs: ${list(rule.verbs)}`];
  if (rule.apiGroups.length > 0) parts.push(`apiGroups: ${list(rule.apiGroups)}`);
  if (rule.resources.length > 0) parts.push(`resources: ${list(rule.resources)}`);
  if (rule.resourceNames.length > 0) parts.push(`resourceNames: ${list(rule.resourceNames)}`);
  if (rule.nonResourceURLs.length > 0) parts.push(`nonResourceURLs: ${list(rule.nonResourceURLs)}`);
  return parts.join('  ');
}

function pathKey(path: PathView): string {
  return `${path.binding.kind}/${path.binding.namespace ?? ''}/${path.binding.name}/${path.role.kind}/${path.role.name}/${path.ruleIndex}`;
}

export function PathItem({ path, source }: { path: PathView; source: string }) {
  const { binding, role, ruleIndex, rule } = path;
  const bindingName = binding.namespace ? `${binding.namespace}/${binding.name}` : binding.name;
  const roleName = role.kind === 'Role' && binding.namespace ? `${binding.namespace}/${role.name}` : role.name;
  const roleLink = roleHref(source, { kind: role.kind, name: role.name, namespace: binding.namespace });
  return (
    <li>
      <span className="path-chain">
        <span>
          <span className="ref-kind">{binding.kind}</span>
          <Link href={bindingHref(source, binding)}>
            <code>{bindingName}</code>
          </Link>
        </span>
        <span className="path-arrow" aria-label="grants">
          →
        </span>
        <span>
          <span className="ref-kind">{role.kind}</span>
          <Link href={roleLink}>
            <code>{roleName}</code>
          </Link>
        </span>
        <span className="path-arrow" aria-label="via">
          →
        </span>
        <Link href={`${roleLink}&rule=${ruleIndex}`}>rule #{ruleIndex}</Link>
      </span>
      <p className="rule-text rule-hit">{rule ? ruleText(rule) : 'rule text unavailable'}</p>
    </li>
  );
}

function subjectText(s: SubjectView): string {
  return [s.kind, s.name, s.namespace ?? '', ...s.paths.flatMap((p) => [p.binding.name, p.role.name])].join(' ');
}

function columnsFor(source: string, marks: FindingMarks | null | undefined): ColumnDef<SubjectView>[] {
  return [
    {
      id: 'kind',
      header: 'Kind',
      size: 120,
      accessorFn: (s) => s.kind,
      cell: (c) => <span className="subject-kind">{c.row.original.kind}</span>,
    },
    {
      id: 'name',
      header: 'Name',
      size: 240,
      accessorFn: (s) => s.name,
      cell: (c) => (
        <Link href={subjectHref(source, c.row.original)}>
          <code>{c.row.original.name}</code>
        </Link>
      ),
    },
    {
      // A column of its own: inside the row header the mark would become part of the subject's name.
      id: 'findings',
      header: 'Findings',
      size: 130,
      accessorFn: (s) => {
        const mark = marks?.subjects[partyPattern(s)];
        return mark ? severityRank(mark.severity) * 1_000_000 + mark.count : -1;
      },
      cell: (c) => {
        const mark = marks?.subjects[partyPattern(c.row.original)];
        if (!mark) return <span className="muted">—</span>;
        return (
          <SeverityMarkLink
            mark={mark}
            href={subjectFindingsHref(source, c.row.original, { showBuiltIn: mark.builtIn > 0, snapshotId: marks?.snapshotId })}
          />
        );
      },
    },
    {
      id: 'namespace',
      header: 'Namespace',
      size: 140,
      accessorFn: (s) => s.namespace ?? '',
      cell: (c) => c.row.original.namespace ?? <span className="muted">—</span>,
    },
    {
      id: 'paths',
      header: 'Granted by (binding → role → rule)',
      size: 620,
      accessorFn: (s) => s.paths.length,
      cell: (c) => (
        <ul className="paths" aria-label={`Paths granting ${c.row.original.name}`}>
          {c.row.original.paths.map((path) => (
            <PathItem key={pathKey(path)} path={path} source={source} />
          ))}
        </ul>
      ),
    },
  ];
}

export interface WhoCanResultsProps {
  view: WhoCanView;
  jsonHref: string;
  questionSearch: string;
  /** Severity marks of the snapshot the page was rendered with; others are fetched. */
  initialMarks?: FindingMarks | null;
}

export function WhoCanResults({ view, jsonHref, questionSearch, initialMarks = null }: WhoCanResultsProps) {
  const { snapshot, subjects } = view;
  const count = subjects.length;
  const source = snapshot.sourceName;
  const marks = useFindingMarks(snapshot.id, initialMarks).data;
  const columns = useMemo(() => columnsFor(source, marks), [source, marks]);
  return (
    <section className="card" aria-labelledby="answer-heading">
      <div className="card-body">
        <div className="answer-summary">
          <h2 id="answer-heading" className="answer-count">
            {count === 0 ? `Nobody can ${view.question}` : `${plural(count, 'subject')} can ${view.question}`}
          </h2>
          <span className="muted">
            snapshot #{snapshot.seq} (id {snapshot.id}) of {source}, finished {formatTime(snapshot.finishedAt)}
          </span>
          <a href={jsonHref}>JSON</a>
          <Link href={graphWhoCanHref(source, questionSearch)}>Show as graph</Link>
        </div>
        {snapshot.missingKinds.length > 0 && (
          <p className="muted" role="note">
            This snapshot is partial (missing {snapshot.missingKinds.map((m) => m.kind).join(', ')}); the RBAC kinds are complete, so the
            answer is too.
          </p>
        )}
        {view.notes.map((note) => (
          <p className="muted" role="note" key={note}>
            {note}
          </p>
        ))}
      </div>
      {count > 0 && (
        <DataTable
          label="Subjects"
          data={subjects}
          columns={columns}
          getRowId={(s) => `${s.kind}/${s.namespace ?? ''}/${s.name}`}
          rowHeaderColumn="name"
          filterText={subjectText}
          filterPlaceholder="Filter by subject, binding or role…"
          estimateRowHeight={64}
        />
      )}
    </section>
  );
}
