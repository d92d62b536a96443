'use client';

import { useMutation } from '@tanstack/react-query';
import { usePathname, useRouter } from 'next/navigation';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { apiFetch } from '../api-fetch';
import { readAnswer, type Refused } from '../review/post-json';
import { kubeconfigContexts } from '../../lib/core/kube/kubeconfig-contexts';
import { FILE_MODES, MODES, type Mode } from './setup-modes';
import { TestReport, type TestAnswer } from './test-report';

async function post<T>(url: string, body: FormData): Promise<T | Refused> {
  return readAnswer<T>(await apiFetch(url, { method: 'POST', body }));
}

function isRefusal(value: unknown): value is Refused {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false;
}

/** `kubeconfigDir`: the server's ACCESS_ATLAS_KUBECONFIG_DIR; null turns the "kubeconfig on this server" mode off. */
export function NewSourceForm({ initialMode, kubeconfigDir }: { initialMode: Mode; kubeconfigDir: string | null }) {
  const router = useRouter();
  const pathname = usePathname();
  const id = useId();
  const [mode, setMode] = useState<Mode>(initialMode);
  const [kubeconfig, setKubeconfig] = useState('');
  const [fileNames, setFileNames] = useState<string[]>([]);
  const contexts = useMemo(() => (kubeconfig.trim() === '' ? null : kubeconfigContexts(kubeconfig)), [kubeconfig]);

  const test = useMutation({ mutationFn: (form: FormData) => post<TestAnswer>('/api/sources/test-connection', form) });
  const add = useMutation({
    mutationFn: (form: FormData) => post<{ ok: true; source: { name: string } }>('/api/sources', form),
    onSuccess: (answer) => {
      if (!isRefusal(answer)) router.push(`/sources/${encodeURIComponent(answer.source.name)}`);
    },
  });
  const refusal = [add.data, test.data].find(isRefusal) ?? null;
  const error = add.error ?? test.error;
  const invalid = (field: string) => (refusal?.error.param === field ? true : undefined);
  const errorFor = (field: string) =>
    refusal?.error.param === field ? (
      <span className="field-error" id={`${id}-${field}-error`}>
        {refusal.error.message}
      </span>
    ) : null;
  const describedBy = (field: string) => (refusal?.error.param === field ? `${id}-${field}-error` : undefined);

  function chooseMode(next: Mode) {
    setMode(next);
    test.reset();
    add.reset();
    router.replace(`${pathname}?mode=${next}`, { scroll: false });
  }

  function formFrom(event: FormEvent<HTMLFormElement>): FormData {
    const form = new FormData(event.currentTarget);
    form.set('mode', mode);
    return form;
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const form = formFrom(event);
    test.reset();
    add.reset();
    if (submitter instanceof HTMLButtonElement && submitter.value === 'test') test.mutate(form);
    else add.mutate(form);
  }

  async function loadKubeconfigFile(file: File | undefined) {
    if (file) setKubeconfig(await file.text());
  }

  const busy = test.isPending || add.isPending;
  return (
    <form className="query-form setup-form" onSubmit={onSubmit} aria-label="Add source" noValidate>
      <div className="form-grid form-grid-wide">
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            name="name"
            type="text"
            required
            autoComplete="off"
            placeholder="prod-eu"
            aria-invalid={invalid('name')}
            aria-describedby={describedBy('name')}
          />
          <span className="field-hint">Letters, digits, “.”, “_” and “-”; used in the URL.</span>
          {errorFor('name')}
        </div>
      </div>

      <fieldset className="form-section" aria-invalid={invalid('mode')}>
        <legend>Where its snapshots come from</legend>
        {(['Cluster', 'Cloud account'] as const).map((group) => (
          <div key={group}>
            <p className="form-section-title">{group}</p>
            <div className="mode-options">
              {MODES.filter((m) => m.group === group && (m.mode !== 'kubeconfig-path' || kubeconfigDir !== null)).map((m) => (
                <label className="mode-option" key={m.mode}>
                  <input type="radio" name="mode-choice" value={m.mode} checked={mode === m.mode} onChange={() => chooseMode(m.mode)} />
                  <span>
                    <span className="mode-option-title">{m.title}</span>
                    <span className="mode-option-hint">{m.hint}</span>
                  </span>
                </label>
              ))}
            </div>
          </div>
        ))}
        {errorFor('mode')}
      </fieldset>

      <div className="form-section">
        {mode === 'kubeconfig-upload' && (
          <div className="form-grid form-grid-wide">
            <div className="field">
              <label htmlFor={`${id}-kcfile`}>Kubeconfig file</label>
              <input id={`${id}-kcfile`} type="file" onChange={(e) => void loadKubeconfigFile(e.currentTarget.files?.[0])} />
              <span className="field-hint">
                Read in the browser into the box below; sent only when you test or add. Inline tokens and certificate data only: a
                kubeconfig with an exec plugin, auth provider or file reference is refused (the CLI runs those).
              </span>
            </div>
            <div className="field">
              <label htmlFor={`${id}-context`}>Context</label>
              <select
                id={`${id}-context`}
                name="context"
                disabled={!contexts?.ok}
                aria-invalid={invalid('context')}
                aria-describedby={describedBy('context')}
                key={contexts?.ok ? contexts.contexts.join('\n') : 'none'}
                defaultValue={contexts?.ok ? (contexts.current ?? contexts.contexts[0]) : ''}
              >
                {contexts?.ok ? (
                  contexts.contexts.map((c) => <option key={c}>{c}</option>)
                ) : (
                  <option value="">load a kubeconfig first</option>
                )}
              </select>
              {errorFor('context')}
            </div>
            <div className="field field-full">
              <label htmlFor={`${id}-kubeconfig`}>Kubeconfig</label>
              <textarea
                id={`${id}-kubeconfig`}
                name="kubeconfig"
                value={kubeconfig}
                onChange={(e) => setKubeconfig(e.currentTarget.value)}
                spellCheck={false}
                autoComplete="off"
                placeholder="apiVersion: v1&#10;kind: Config&#10;…"
                aria-invalid={invalid('kubeconfig') ?? (contexts && !contexts.ok ? true : undefined)}
                aria-describedby={describedBy('kubeconfig') ?? (contexts && !contexts.ok ? `${id}-kc-parse` : undefined)}
              />
              {contexts && !contexts.ok && (
                <span className="field-error" id={`${id}-kc-parse`}>
                  {contexts.error}
                </span>
              )}
              {errorFor('kubeconfig')}
            </div>
          </div>
        )}

        {mode === 'kubeconfig-path' && (
          <div className="form-grid form-grid-wide">
            <div className="field">
              <label htmlFor={`${id}-path`}>Kubeconfig path</label>
              <input
                id={`${id}-path`}
                name="path"
                type="text"
                placeholder={`${kubeconfigDir ?? ''}/prod.yaml`}
                aria-invalid={invalid('path')}
                aria-describedby={describedBy('path')}
              />
              <span className="field-hint">
                A file in {kubeconfigDir} (ACCESS_ATLAS_KUBECONFIG_DIR). It is read as data: inline tokens and certificate data only, no
                exec plugins or file references; use the CLI for those.
              </span>
              {errorFor('path')}
            </div>
            <div className="field">
              <label htmlFor={`${id}-pcontext`}>Context</label>
              <input
                id={`${id}-pcontext`}
                name="context"
                type="text"
                placeholder="current-context"
                aria-invalid={invalid('context')}
                aria-describedby={describedBy('context')}
              />
              {errorFor('context')}
            </div>
          </div>
        )}

        {mode === 'in-cluster' && (
          <p className="muted">
            Uses the service account token mounted into the dashboard&apos;s pod. It needs list on the RBAC kinds, namespaces, service
            accounts and pods.
          </p>
        )}

        {FILE_MODES.includes(mode) && (
          <div className="field">
            <label htmlFor={`${id}-files`}>Files</label>
            <input
              id={`${id}-files`}
              name="files"
              type="file"
              multiple
              accept=".yaml,.yml,.json"
              onChange={(e) => setFileNames(Array.from(e.currentTarget.files ?? []).map((f) => f.name))}
              aria-invalid={invalid('files')}
              aria-describedby={describedBy('files')}
            />
            <span className="field-hint">
              {mode === 'files'
                ? 'Output of kubectl get clusterroles,clusterrolebindings,roles,rolebindings,serviceaccounts,namespaces -A -o yaml (several files are merged).'
                : mode === 'ram-files'
                  ? 'JSON in the RAM export layout (scripts/export-ram-account.sh).'
                  : 'JSON from aws iam get-account-authorization-details.'}
              {fileNames.length > 0 && ` Chosen: ${fileNames.join(', ')}.`}
            </span>
            {errorFor('files')}
          </div>
        )}

        {mode === 'ram-access-key' && (
          <div className="form-grid form-grid-wide">
            <div className="field">
              <label htmlFor={`${id}-akid`}>AccessKey ID</label>
              <input
                id={`${id}-akid`}
                name="accessKeyId"
                type="text"
                autoComplete="off"
                aria-invalid={invalid('accessKeyId')}
                aria-describedby={describedBy('accessKeyId')}
              />
              {errorFor('accessKeyId')}
            </div>
            <div className="field">
              <label htmlFor={`${id}-aksecret`}>AccessKey secret</label>
              <input
                id={`${id}-aksecret`}
                name="accessKeySecret"
                type="password"
                autoComplete="off"
                aria-invalid={invalid('accessKeySecret')}
                aria-describedby={describedBy('accessKeySecret')}
              />
              {errorFor('accessKeySecret')}
            </div>
            <div className="field">
              <label htmlFor={`${id}-sts`}>STS token (optional)</label>
              <input id={`${id}-sts`} name="securityToken" type="password" autoComplete="off" aria-invalid={invalid('securityToken')} />
              {errorFor('securityToken')}
            </div>
            <div className="field">
              <label htmlFor={`${id}-region`}>Region (optional)</label>
              <input id={`${id}-region`} name="regionId" type="text" placeholder="cn-hangzhou" aria-invalid={invalid('regionId')} />
              {errorFor('regionId')}
            </div>
          </div>
        )}
      </div>

      <div className="form-actions">
        <label className="check-label">
          <input type="checkbox" name="snapshot" value="1" defaultChecked /> Take the first snapshot now
        </label>
      </div>
      <div className="form-actions">
        <button type="submit" value="test" className="button-secondary" disabled={busy}>
          {test.isPending ? 'Testing…' : 'Test connection'}
        </button>
        <button type="submit" value="add" disabled={busy}>
          {add.isPending ? 'Adding…' : 'Add source'}
        </button>
        <span role="status" className="inline-status">
          {add.isPending ? 'Checking the input and taking the first snapshot…' : ''}
        </span>
      </div>

      {(refusal || error) && (
        <p className="banner banner-error section-gap" role="alert">
          {refusal ? refusal.error.message : (error?.message ?? 'request failed')}
        </p>
      )}
      {test.data && !isRefusal(test.data) && <TestReport answer={test.data} />}
    </form>
  );
}
