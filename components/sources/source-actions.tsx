'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiFetch } from '../api-fetch';
import { readAnswer, type Refused } from '../review/post-json';

interface SnapshotAnswer {
  ok: true;
  snapshot?: { seq: number; status: string; error: string | null; missingKinds: { kind: string }[] };
}

interface DeleteAnswer {
  ok: true;
  deleted: string;
}

async function call<T>(url: string, method: 'POST' | 'DELETE'): Promise<T | Refused> {
  return readAnswer<T>(await apiFetch(url, { method }));
}

function describe(answer: SnapshotAnswer | Refused): { tone: 'ok' | 'bad'; text: string } {
  if (!answer.ok) return { tone: 'bad', text: answer.error.message };
  const s = answer.snapshot;
  if (!s) return { tone: 'bad', text: 'the snapshot could not be started' };
  if (s.status === 'failed')
    return { tone: 'bad', text: `Snapshot failed: ${s.error ?? 'no reason given'}. The last good snapshot is kept.` };
  const missing = s.missingKinds.length > 0 ? ` (partial: missing ${s.missingKinds.map((m) => m.kind).join(', ')})` : '';
  return { tone: 'ok', text: `Snapshot #${s.seq} ${s.status}${missing}.` };
}

/**
 * "Snapshot now" and "Delete source", for the source page header. `cliOnly` is why the dashboard
 * does not snapshot this source (its kubeconfig may run programs): shown instead of the button.
 */
export function SourceActions({
  sourceName,
  runnable,
  cliOnly = null,
}: {
  sourceName: string;
  runnable: boolean;
  cliOnly?: string | null;
}) {
  const router = useRouter();
  const base = `/api/sources/${encodeURIComponent(sourceName)}`;
  const [confirming, setConfirming] = useState(false);
  const snapshot = useMutation({ mutationFn: () => call<SnapshotAnswer>(`${base}/snapshots`, 'POST'), onSuccess: () => router.refresh() });
  const remove = useMutation({
    mutationFn: () => call<DeleteAnswer>(base, 'DELETE'),
    onSuccess: (answer) => {
      if (answer.ok) router.push('/sources');
    },
  });
  const result = snapshot.data ? describe(snapshot.data) : null;
  return (
    <div className="sources-actions">
      {cliOnly === null ? (
        <button
          type="button"
          onClick={() => snapshot.mutate()}
          disabled={!runnable || snapshot.isPending}
          title={runnable ? undefined : 'This source has no connection to snapshot from'}
        >
          {snapshot.isPending ? 'Taking snapshot…' : 'Snapshot now'}
        </button>
      ) : (
        <span className="inline-status" role="note" title={cliOnly}>
          Snapshotted by the CLI only: <code>access-atlas snapshot</code> or <code>access-atlas scheduler</code>
        </span>
      )}
      {confirming ? (
        <>
          <button type="button" className="button-danger" onClick={() => remove.mutate()} disabled={remove.isPending}>
            Delete {sourceName} and its history
          </button>
          <button type="button" className="button-secondary" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </>
      ) : (
        <button type="button" className="button-secondary" onClick={() => setConfirming(true)}>
          Delete…
        </button>
      )}
      <span role="status" className="inline-status" data-tone={result?.tone}>
        {snapshot.isError ? snapshot.error.message : (result?.text ?? '')}
        {remove.data && !remove.data.ok ? remove.data.error.message : ''}
      </span>
    </div>
  );
}
