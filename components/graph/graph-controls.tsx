'use client';
// The graph's controls as one form: what to draw (view, source, focus depth, who-can question)
// and what to keep (namespace, kinds, hide system:), plus a search for a node to start from.
// Applying writes the URL; the explorer redraws from it.
import type { FormEvent } from 'react';
import { KIND_LOOKS, FILTER_KINDS } from './graph-style';
import { WHO_CAN_FIELDS, withParams, type GraphViewName } from './graph-params';
import styles from './graph.module.css';

export interface GraphControlsProps {
  params: URLSearchParams;
  sources: string[];
  view: GraphViewName;
  busy: boolean;
  onApply: (params: URLSearchParams) => void;
}

const VIEW_LABELS: Record<GraphViewName, string> = {
  neighborhood: 'Around a node',
  whole: 'Whole cluster (by namespace)',
  'who-can': 'Who-can paths',
};

const WHO_CAN_LABELS: Record<(typeof WHO_CAN_FIELDS)[number], string> = {
  verb: 'Verb',
  resource: 'Resource',
  apiGroup: 'API group',
  subresource: 'Subresource',
  name: 'Object name',
  namespace: 'Namespace',
  allNamespaces: 'All namespaces',
  nonResourceURL: 'Non-resource URL',
};

function text(form: FormData, key: string): string | null {
  const value = form.get(key);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

export function GraphControls({ params, sources, view, busy, onApply }: GraphControlsProps) {
  const kinds = new Set((params.get('kinds') ?? '').split(',').filter(Boolean));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const nextView = (text(form, 'view') ?? view) as GraphViewName;
    const chosenKinds = FILTER_KINDS.filter((k) => form.get(`kind-${k}`) === 'on');
    const changes: Record<string, string | null> = {
      view: nextView,
      source: text(form, 'source'),
      depth: text(form, 'depth'),
      q: text(form, 'q'),
      hideSystem: form.get('hideSystem') === 'on' ? 'true' : null,
      kinds: chosenKinds.length > 0 && chosenKinds.length < FILTER_KINDS.length ? chosenKinds.join(',') : null,
    };
    if (nextView === 'who-can') {
      for (const field of WHO_CAN_FIELDS)
        changes[field] = field === 'allNamespaces' ? (form.get(field) === 'on' ? 'true' : null) : text(form, `wc-${field}`);
    } else {
      for (const field of WHO_CAN_FIELDS) changes[field] = null;
      changes.namespace = text(form, 'namespace');
    }
    onApply(withParams(params, changes));
  };
  return (
    <form className={`query-form ${styles.controls}`} onSubmit={submit} aria-label="Graph controls">
      <div className="form-grid">
        <div className="field">
          <label htmlFor="graph-view">View</label>
          <select id="graph-view" name="view" defaultValue={view}>
            {(Object.keys(VIEW_LABELS) as GraphViewName[]).map((v) => (
              <option key={v} value={v}>
                {VIEW_LABELS[v]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="graph-source">Source</label>
          <select id="graph-source" name="source" defaultValue={params.get('source') ?? sources[0] ?? ''}>
            {sources.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="graph-depth">Depth around the focus</label>
          <select id="graph-depth" name="depth" defaultValue={params.get('depth') ?? '2'}>
            {['1', '2', '3', '4'].map((d) => (
              <option key={d} value={d}>
                {d} {d === '1' ? 'step' : 'steps'}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="graph-q">Find a node</label>
          <input id="graph-q" name="q" type="text" defaultValue={params.get('q') ?? ''} placeholder="alice, edit, kube-system…" />
        </div>
        {view !== 'who-can' && (
          <div className="field">
            <label htmlFor="graph-namespace">Namespace filter</label>
            <input
              id="graph-namespace"
              name="namespace"
              type="text"
              defaultValue={params.get('namespace') ?? ''}
              placeholder="all namespaces"
            />
          </div>
        )}
      </div>
      {view === 'who-can' && (
        <div className="form-section">
          <p className="form-section-title">Who-can question</p>
          <div className="form-grid">
            {WHO_CAN_FIELDS.filter((f) => f !== 'allNamespaces').map((field) => (
              <div className="field" key={field}>
                <label htmlFor={`graph-wc-${field}`}>{WHO_CAN_LABELS[field]}</label>
                <input id={`graph-wc-${field}`} name={`wc-${field}`} type="text" defaultValue={params.get(field) ?? ''} />
              </div>
            ))}
            <label className={styles.check}>
              <input type="checkbox" name="allNamespaces" defaultChecked={params.get('allNamespaces') === 'true'} />{' '}
              {WHO_CAN_LABELS.allNamespaces}
            </label>
          </div>
        </div>
      )}
      <fieldset className={styles.kinds}>
        <legend>Show kinds</legend>
        {FILTER_KINDS.map((k) => (
          <label key={k} className={styles.check}>
            <input type="checkbox" name={`kind-${k}`} defaultChecked={kinds.size === 0 || kinds.has(k)} />
            <span className={styles.swatch} style={{ background: KIND_LOOKS[k].color }} aria-hidden="true" />
            {KIND_LOOKS[k].label}
          </label>
        ))}
        <label className={styles.check}>
          <input type="checkbox" name="hideSystem" defaultChecked={params.get('hideSystem') === 'true'} /> Hide built-in{' '}
          <code>system:</code> objects
        </label>
      </fieldset>
      <div className="form-actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Drawing…' : 'Apply'}
        </button>
      </div>
    </form>
  );
}
