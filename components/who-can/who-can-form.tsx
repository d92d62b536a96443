'use client';

import { useState, type FormEvent, type ReactNode } from 'react';
import { formatTime } from '../format';
import type { FormValues, Scope } from './form-values';
import type { QuerySuggestions, SnapshotOption, SourceOption } from '../../lib/server/questions/source-option-types';

const COMMON_VERBS = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'impersonate',
  'bind',
  'escalate',
  'approve',
  'use',
  'proxy',
  '*',
];

const SCOPES: { value: Scope; label: string }[] = [
  { value: 'namespace', label: 'In namespace' },
  { value: 'all', label: 'All namespaces' },
  { value: 'cluster', label: 'Cluster-scoped' },
];

function snapshotLabel(s: SnapshotOption): string {
  if (s.seq === null) return `id ${s.id} · ${s.status}`;
  const when = formatTime(s.finishedAt);
  if (s.lacksRbacKinds.length > 0) return `#${s.seq} · ${when} · partial, lacks ${s.lacksRbacKinds.join(', ')}`;
  return `#${s.seq} · ${when} · ${s.status}`;
}

interface FieldProps {
  id: keyof FormValues;
  label: string;
  hint?: string;
  invalidField: string | null;
  errorId: string;
  children: (props: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
}

/** A labeled control; the control named by the server's error is marked invalid and points at the message. */
function Field({ id, label, hint, invalidField, errorId, children }: FieldProps) {
  const isInvalid = invalidField === id;
  const hintId = hint ? `${id}-hint` : undefined;
  const describedBy = [isInvalid ? errorId : undefined, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={`f-${id}`}>{label}</label>
      {children({ id: `f-${id}`, ...(isInvalid && { 'aria-invalid': true }), ...(describedBy && { 'aria-describedby': describedBy }) })}
      {hint && (
        <span className="field-hint" id={hintId}>
          {hint}
        </span>
      )}
    </div>
  );
}

export interface WhoCanFormProps {
  values: FormValues;
  sources: SourceOption[];
  suggestions: QuerySuggestions;
  invalidField: string | null;
  errorId: string;
  isBusy: boolean;
  onSubmit: (values: FormValues) => void;
}

export function WhoCanForm({ values: initialValues, sources, suggestions, invalidField, errorId, isBusy, onSubmit }: WhoCanFormProps) {
  // The URL is the source of truth: when it changes (submit, back, forward), the fields follow.
  const [values, setValues] = useState(initialValues);
  const [shown, setShown] = useState(initialValues);
  if (shown !== initialValues) {
    setShown(initialValues);
    setValues(initialValues);
  }
  const set = (patch: Partial<FormValues>) => setValues((v) => ({ ...v, ...patch }));
  const text = (key: keyof Omit<FormValues, 'scope'>) => ({
    type: 'text' as const,
    value: values[key],
    autoComplete: 'off',
    spellCheck: false,
    onChange: (e: { target: { value: string } }) => set({ [key]: e.target.value }),
  });
  const source = sources.find((s) => s.name === values.source);
  // Suggestions come from the snapshot the page opened on; another source gets none rather than wrong ones.
  const own = suggestions.source === values.source ? suggestions : null;
  const namespaces = own?.namespaces ?? [];
  const verbs = [...new Set([...COMMON_VERBS, ...(own?.verbs ?? [])])];
  const groupsOfResource = own?.resources.filter((r) => r.name === values.resource.trim()).map((r) => r.group) ?? [];
  const fieldProps = { invalidField, errorId };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit(values);
  };

  return (
    <form className="query-form" onSubmit={submit} aria-label="Who can query">
      <div className="form-grid form-grid-data">
        <Field id="source" label="Source" {...fieldProps}>
          {(p) => (
            <select {...p} value={values.source} onChange={(e) => set({ source: e.target.value, snapshot: '' })}>
              {sources.map((s) => (
                <option key={s.name} value={s.name}>
                  {s.name}
                  {s.isDemo ? ' (demo)' : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="snapshot" label="Snapshot" {...fieldProps}>
          {(p) => (
            <select {...p} value={values.snapshot} onChange={(e) => set({ snapshot: e.target.value })}>
              <option value="">{source?.latestUsable ? `Latest usable (#${source.latestUsable.seq})` : 'Latest usable (none yet)'}</option>
              {source?.snapshots.map((s) => (
                <option key={s.id} value={String(s.id)} disabled={s.status === 'failed' || s.status === 'running'}>
                  {snapshotLabel(s)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>

      <div className="form-section">
        <p className="form-section-title">Request</p>
        <div className="form-grid">
          <Field id="verb" label="Verb" hint="e.g. get, list, create, escalate" {...fieldProps}>
            {(p) => <input {...p} {...text('verb')} list="verb-suggestions" />}
          </Field>
          <Field id="resource" label="Resource" hint="plural, e.g. secrets or deployments" {...fieldProps}>
            {(p) => (
              <input
                {...p}
                {...text('resource')}
                list="resource-suggestions"
                onChange={(e) => {
                  const resource = e.target.value;
                  // Picking a resource that discovery serves in exactly one group fills that group in.
                  const groups = own?.resources.filter((r) => r.name === resource).map((r) => r.group) ?? [];
                  set(groups.length === 1 && groups[0] !== undefined ? { resource, apiGroup: groups[0] } : { resource });
                }}
              />
            )}
          </Field>
          <Field id="apiGroup" label="API group" hint="empty = core group" {...fieldProps}>
            {(p) => <input {...p} {...text('apiGroup')} list="group-suggestions" />}
          </Field>
          <Field id="subresource" label="Subresource" hint="optional, e.g. log or exec" {...fieldProps}>
            {(p) => <input {...p} {...text('subresource')} list="subresource-suggestions" />}
          </Field>
          <Field id="name" label="Resource name" hint="optional: one object" {...fieldProps}>
            {(p) => <input {...p} {...text('name')} />}
          </Field>
          <Field id="nonResourceURL" label="Non-resource URL" hint="instead of a resource, e.g. /metrics" {...fieldProps}>
            {(p) => <input {...p} {...text('nonResourceURL')} />}
          </Field>
        </div>
        <datalist id="verb-suggestions">
          {verbs.map((verb) => (
            <option key={verb} value={verb} />
          ))}
        </datalist>
        <datalist id="resource-suggestions">
          {own?.resources.map((r) => (
            <option key={`${r.group}/${r.name}`} value={r.name} label={r.group === '' ? 'core' : r.group} />
          ))}
        </datalist>
        <datalist id="group-suggestions">
          {(groupsOfResource.length > 0 ? groupsOfResource.filter((g) => g !== '') : (own?.groups ?? [])).map((g) => (
            <option key={g} value={g} />
          ))}
        </datalist>
        <datalist id="subresource-suggestions">
          {own?.subresources.map((sub) => (
            <option key={sub} value={sub} />
          ))}
        </datalist>
      </div>

      <div className="form-section">
        <fieldset aria-invalid={invalidField === 'allNamespaces' || undefined}>
          <legend>Scope</legend>
          <div className="scope-options">
            {SCOPES.map((scope) => (
              <label key={scope.value}>
                <input
                  type="radio"
                  name="scope"
                  value={scope.value}
                  checked={values.scope === scope.value}
                  onChange={() => set({ scope: scope.value })}
                />
                {scope.label}
              </label>
            ))}
            <span className="field">
              <label htmlFor="f-namespace" className="visually-hidden">
                Namespace
              </label>
              <input
                id="f-namespace"
                {...text('namespace')}
                list="namespace-suggestions"
                placeholder="namespace"
                disabled={values.scope !== 'namespace'}
                aria-invalid={invalidField === 'namespace' || undefined}
                aria-describedby={invalidField === 'namespace' ? errorId : undefined}
              />
            </span>
          </div>
          <datalist id="namespace-suggestions">
            {namespaces.map((ns) => (
              <option key={ns} value={ns} />
            ))}
          </datalist>
        </fieldset>
      </div>

      <div className="form-actions">
        <button type="submit" disabled={isBusy}>
          {isBusy ? 'Asking…' : 'Ask'}
        </button>
        <span className="muted">The question is kept in the page address: copy it to share the answer.</span>
      </div>
    </form>
  );
}
