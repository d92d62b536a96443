'use client';

// Cloud (RAM) who-can: ACTION and RESOURCE (+ optional KEY=VALUE context lines), answered by
// /api/ram/who-can (the CLI's `ram who-can -o json`), principals shown with every path and the
// conditions a conditional grant depends on. The question lives in the URL (mode=cloud).
import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useMemo, useState, type FormEvent } from 'react';
import type { CloudWhoCanAnswer, CloudWhoCanPrincipal, PathStep } from '../../lib/core/ram/account/types';
import { DataTable } from '../data-table';
import { plural } from '../format';
import { subjectHref } from '../subjects/hrefs';
import { cloudSubjectHref, policyHref } from '../cloud/hrefs';
import { readApiError } from '../api-error';
import { ramSearch } from './ram-search';

export type RamResponse = { ok: true; answer: CloudWhoCanAnswer } | { ok: false; param: string; error: string };

const ERROR_ID = 'ram-error';

async function fetchRam(search: string, signal: AbortSignal): Promise<RamResponse> {
  const response = await fetch(`/api/ram/who-can?${search}`, { signal, headers: { accept: 'application/json' } });
  if (response.status >= 500 || !response.headers.get('content-type')?.includes('application/json')) {
    throw new Error(`The server could not answer (HTTP ${response.status}). Try again, or check the server log.`);
  }
  const body: unknown = await response.json();
  if (response.ok) return { ok: true, answer: body as CloudWhoCanAnswer };
  const refused = readApiError(body);
  if (!refused) throw new Error(`The server could not answer (HTTP ${response.status}).`);
  return { ok: false, param: refused.param ?? 'query', error: refused.message };
}

function stepText(step: PathStep): string {
  switch (step.kind) {
    case 'CloudPolicy':
      return `${step.type} policy ${step.name}${step.version ? ` (${step.version})` : ''}${step.scope && step.scope.kind !== 'account' ? ' at a resource group' : ''}`;
    case 'ServiceAccount':
      return `ServiceAccount ${step.namespace}/${step.name} in ${step.cluster}`;
    case 'AssumeRole':
      return `assumes ${step.role} (${step.via.toUpperCase()})`;
    default:
      return `${step.kind} ${step.name}`;
  }
}

const MANAGED_TYPES = new Set(['System', 'Custom', 'AWS', 'Customer']);

/** A path step, its managed policy linked to the Policy page (the source is the question's, in the URL). */
function Step({ step }: { step: PathStep }) {
  const source = useSearchParams().get('source');
  if (step.kind !== 'CloudPolicy' || !source || !MANAGED_TYPES.has(step.type)) return <>{stepText(step)}</>;
  return <Link href={policyHref(source, step)}>{stepText(step)}</Link>;
}

/** A cited statement (policy key `Type/Name`), linked to its anchor on the Policy page when managed. */
function StatementRef({ policy, index }: { policy: string; index: number }) {
  const source = useSearchParams().get('source');
  const slash = policy.indexOf('/');
  const type = policy.slice(0, slash);
  if (!source || slash < 0 || !MANAGED_TYPES.has(type)) return <>{`${policy} statement #${index}`}</>;
  return <Link href={policyHref(source, { type, name: policy.slice(slash + 1) }, index)}>{`${policy} statement #${index}`}</Link>;
}

function PrincipalName({ p }: { p: CloudWhoCanPrincipal }) {
  if (p.kind === 'ServiceAccount' && p.cluster && p.namespace) {
    return (
      <Link href={subjectHref(p.cluster, { kind: 'ServiceAccount', name: p.name, namespace: p.namespace })}>
        <code>{p.name}</code>
      </Link>
    );
  }
  return <CloudPrincipalName p={p} />;
}

function CloudPrincipalName({ p }: { p: CloudWhoCanPrincipal }) {
  const source = useSearchParams().get('source');
  if (!source) return <code>{p.name}</code>;
  return (
    <Link href={cloudSubjectHref(source, p.kind, p.name)}>
      <code>{p.name}</code>
    </Link>
  );
}

const COLUMNS: ColumnDef<CloudWhoCanPrincipal>[] = [
  { id: 'kind', header: 'Kind', size: 130, accessorFn: (p) => p.kind },
  { id: 'name', header: 'Principal', size: 240, accessorFn: (p) => p.name, cell: (c) => <PrincipalName p={c.row.original} /> },
  {
    id: 'where',
    header: 'Namespace / cluster',
    size: 170,
    accessorFn: (p) => `${p.cluster ?? ''} ${p.namespace ?? ''}`,
    cell: (c) =>
      c.row.original.cluster ? `${c.row.original.namespace ?? ''} · ${c.row.original.cluster}` : <span className="muted">—</span>,
  },
  {
    id: 'decision',
    header: 'Decision',
    size: 110,
    accessorFn: (p) => p.decision,
    cell: (c) => (
      <span className={`badge ${c.row.original.decision === 'Allow' ? 'badge-complete' : 'badge-partial'}`}>{c.row.original.decision}</span>
    ),
  },
  {
    id: 'paths',
    header: 'Paths and conditions',
    size: 560,
    accessorFn: (p) => p.paths.length,
    cell: (c) => {
      const p = c.row.original;
      return (
        <>
          <ul className="paths" aria-label={`Paths granting ${p.name}`}>
            {p.paths.map((path, i) => (
              <li key={i} className="path-chain">
                {path.map((step, j) => (
                  <span key={j}>
                    {j > 0 && (
                      <span className="path-arrow" aria-hidden="true">
                        {' '}
                        →{' '}
                      </span>
                    )}
                    <Step step={step} />
                  </span>
                ))}
              </li>
            ))}
          </ul>
          {p.conditions.map((cond) => (
            <p className="rule-text" key={`${cond.policy}#${cond.index}`}>
              <StatementRef policy={cond.policy} index={cond.index} /> ({cond.effect})
              {cond.condition ? ` if ${JSON.stringify(cond.condition)}` : ''}
            </p>
          ))}
        </>
      );
    },
  },
];

export function RamWhoCan({
  cloudSources,
  initial,
}: {
  cloudSources: string[];
  initial: { search: string; response: RamResponse | null };
}) {
  const searchParams = useSearchParams();
  const page = new URLSearchParams(searchParams.toString());
  const search = ramSearch(page);
  const isAsking = page.has('action') || page.has('resource');
  const [form, setForm] = useState({
    source: page.get('source') ?? cloudSources[0] ?? '',
    action: page.get('action') ?? '',
    resource: page.get('resource') ?? '',
    context: page.getAll('context').join('\n'),
  });
  const query = useQuery({
    queryKey: ['ram-who-can', search],
    queryFn: ({ signal }) => fetchRam(search, signal),
    enabled: isAsking,
    initialData: initial.response !== null && initial.search === search ? initial.response : undefined,
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = new URLSearchParams({ mode: 'cloud' });
    if (form.source) next.set('source', form.source);
    next.set('action', form.action.trim());
    next.set('resource', form.resource.trim());
    for (const line of form.context.split('\n')) if (line.trim() !== '') next.append('context', line.trim());
    window.history.pushState(null, '', `?${next.toString()}`);
  };
  const response = isAsking ? query.data : undefined;
  const failure = response && !response.ok ? response : null;
  const invalid = (param: string) => (failure?.param === param ? { 'aria-invalid': true as const, 'aria-describedby': ERROR_ID } : {});
  const principals = response?.ok ? response.answer.principals : [];
  const question = `${page.get('action') ?? ''} on ${page.get('resource') ?? ''}`;
  const columns = useMemo(() => COLUMNS, []);

  if (cloudSources.length === 0) {
    return (
      <div className="empty-state">
        <h2>No cloud account yet</h2>
        <p>
          Add an Alibaba Cloud RAM or AWS IAM account on the <Link href="/sources/new">Sources</Link> page, or take a snapshot with{' '}
          <code>access-atlas snapshot --ram</code>.
        </p>
      </div>
    );
  }
  return (
    <>
      <form className="query-form" onSubmit={submit} aria-label="Cloud who-can query">
        <div className="form-grid">
          <div className="field">
            <label htmlFor="ram-source">Cloud account</label>
            <select
              id="ram-source"
              value={form.source}
              onChange={(e) => setForm({ ...form, source: e.target.value })}
              {...invalid('source')}
            >
              {cloudSources.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="ram-action">Action</label>
            <input
              id="ram-action"
              type="text"
              value={form.action}
              placeholder="cs:DeleteCluster"
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => setForm({ ...form, action: e.target.value })}
              {...invalid('action')}
            />
            <span className="field-hint">SERVICE:ACTION</span>
          </div>
          <div className="field" style={{ gridColumn: 'span 2' }}>
            <label htmlFor="ram-resource">Resource</label>
            <input
              id="ram-resource"
              type="text"
              value={form.resource}
              placeholder="acs:cs:*:*:cluster/c-1234 or *"
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => setForm({ ...form, resource: e.target.value })}
              {...invalid('resource')}
            />
            <span className="field-hint">an ARN, or * for any resource</span>
          </div>
          <div className="field" style={{ gridColumn: 'span 2' }}>
            <label htmlFor="ram-context">Context (optional)</label>
            <textarea
              id="ram-context"
              rows={2}
              value={form.context}
              placeholder={'acs:SourceIp=192.0.2.1\nacs:MFAPresent=true'}
              spellCheck={false}
              onChange={(e) => setForm({ ...form, context: e.target.value })}
              {...invalid('context')}
            />
            <span className="field-hint">KEY=VALUE lines; without them, conditional grants are shown with their conditions</span>
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" disabled={query.isFetching}>
            {query.isFetching ? 'Asking…' : 'Ask'}
          </button>
        </div>
      </form>
      <div aria-live="polite" aria-busy={query.isFetching}>
        {failure && (
          <p className="banner banner-error" role="alert" id={ERROR_ID}>
            <strong>Cannot answer:</strong> {failure.error}
          </p>
        )}
        {query.error && (
          <p className="banner banner-error" role="alert" id={ERROR_ID}>
            {query.error.message}
          </p>
        )}
        {response?.ok && (
          <section className="card" aria-labelledby="ram-answer-heading">
            <div className="card-body answer-summary">
              <h2 id="ram-answer-heading" className="answer-count">
                {principals.length === 0 ? `Nobody can ${question}` : `${plural(principals.length, 'principal')} can ${question}`}
              </h2>
              <a href={`/api/ram/who-can?${search}`}>JSON</a>
            </div>
            {principals.length > 0 && (
              <DataTable
                label="Principals"
                data={principals}
                columns={columns}
                getRowId={(p) => `${p.kind}/${p.cluster ?? ''}/${p.namespace ?? ''}/${p.name}`}
                rowHeaderColumn="name"
                filterText={(p) => `${p.kind} ${p.name} ${p.namespace ?? ''} ${p.paths.flat().map(stepText).join(' ')}`}
                estimateRowHeight={60}
              />
            )}
          </section>
        )}
        {!isAsking && <p className="muted">Fill in an action and a resource, then choose Ask.</p>}
      </div>
    </>
  );
}
