'use client';
// Starts a review of one source. The period defaults to where the last signed-off review ended
// (else the last 7 days); the reviewer may pick other snapshots.
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { sendJson } from './post-json';

export interface SnapshotOption {
  id: number;
  label: string;
}

export interface SourcePeriod {
  source: string;
  snapshots: SnapshotOption[];
  defaultFrom: number;
  defaultTo: number;
  reason: string;
}

export function StartReviewForm({ periods }: { periods: SourcePeriod[] }) {
  const router = useRouter();
  const [sourceName, setSourceName] = useState(periods[0]?.source ?? '');
  const period = periods.find((p) => p.source === sourceName) ?? periods[0];
  const [from, setFrom] = useState<string>(String(period?.defaultFrom ?? ''));
  const [to, setTo] = useState<string>(String(period?.defaultTo ?? ''));
  const start = useMutation({
    mutationFn: () => sendJson<{ id: number }>('/api/reviews', 'POST', { source: sourceName, from, to }),
    onSuccess: ({ id }) => router.push(`/reviews/${id}`),
  });
  if (!period) return <p className="muted">No source has snapshots to review yet.</p>;
  const pickSource = (value: string) => {
    setSourceName(value);
    const next = periods.find((p) => p.source === value);
    setFrom(String(next?.defaultFrom ?? ''));
    setTo(String(next?.defaultTo ?? ''));
  };
  return (
    <form
      className="query-form"
      aria-label="Start a review"
      onSubmit={(e) => {
        e.preventDefault();
        start.mutate();
      }}
    >
      <div className="form-grid">
        <div className="field">
          <label htmlFor="review-source">Source</label>
          <select id="review-source" value={sourceName} onChange={(e) => pickSource(e.target.value)}>
            {periods.map((p) => (
              <option key={p.source} value={p.source}>
                {p.source}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="review-from">From snapshot</label>
          <select id="review-from" value={from} onChange={(e) => setFrom(e.target.value)}>
            {period.snapshots.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="review-to">To snapshot</label>
          <select id="review-to" value={to} onChange={(e) => setTo(e.target.value)}>
            {period.snapshots.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="field-hint">Default period: {period.reason}.</p>
      <div className="form-actions">
        <button type="submit" disabled={start.isPending}>
          {start.isPending ? 'Starting…' : 'Start review'}
        </button>
      </div>
      {start.error && (
        <p className="banner banner-error" role="alert">
          {start.error.message}
        </p>
      )}
    </form>
  );
}
