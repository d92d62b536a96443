'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { suppressionMatches } from '../../lib/core/findings/suppress';
import type { Finding } from '../../lib/core/findings/types';
import type { SuppressionView } from '../../lib/server/findings/suppression-api';
import type { ApiError } from '../api-error';
import { formatTime } from '../format';
import { sendForAnswer } from '../review/post-json';
import { fieldText } from '../sources/field-text';
import { FieldError, fieldErrorProps } from './field-error';
import { suppressionKeys, suppressionsUrl, useSuppressions } from './use-suppressions';

type FindingFacts = Omit<Finding, 'evidence'>;

export interface SuppressionsListProps {
  source: string;
  initial: { now: string; suppressions: SuppressionView[] };
  /** On a finding's page: marks the suppressions whose rule and patterns match it (in force or not). */
  finding?: FindingFacts;
}

function matches(s: SuppressionView, finding: FindingFacts): boolean {
  return suppressionMatches(s, { ...finding, evidence: [] });
}

function RevokeForm({ source, suppression, onDone }: { source: string; suppression: SuppressionView; onDone: () => void }) {
  const id = useId();
  const router = useRouter();
  const client = useQueryClient();
  const revoke = useMutation({
    mutationFn: (body: { reason: string }) => sendForAnswer<{ ok: true }>(`${suppressionsUrl(source)}/${suppression.id}`, 'DELETE', body),
    onSuccess: async (answer) => {
      if (!answer.ok) return;
      await client.invalidateQueries({ queryKey: suppressionKeys.source(source) });
      router.refresh();
      onDone();
    },
  });
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    revoke.mutate({ reason: fieldText(form, 'reason') });
  }
  const error: ApiError | null = revoke.data && !revoke.data.ok ? revoke.data.error : null;
  const msg = (param: string) => `${id}-${param}-error`;
  return (
    <form className="revoke-form" onSubmit={onSubmit} aria-label={`Revoke suppression #${suppression.id}`} noValidate>
      <div className="field">
        <label htmlFor={`${id}-reason`}>Reason</label>
        <input id={`${id}-reason`} name="reason" type="text" {...fieldErrorProps(error, 'reason', msg('reason'))} />
        <FieldError error={error} param="reason" id={msg('reason')} />
      </div>
      <div className="form-actions">
        <button type="submit" className="button-small" disabled={revoke.isPending}>
          Revoke #{suppression.id}
        </button>
        <button type="button" className="button-secondary button-small" onClick={onDone}>
          Cancel
        </button>
      </div>
      {error && error.param !== 'reason' && (
        <span role="status" className="form-status" data-tone="bad">
          {error.message}
        </span>
      )}
    </form>
  );
}

/**
 * The source's suppressions, oldest first, with their status as the server decided it (active,
 * expired, revoked: none is ever dropped) and who recorded or revoked each; one not yet revoked can
 * be revoked, with who and why.
 */
export function SuppressionsList({ source, initial, finding }: SuppressionsListProps) {
  const list = useSuppressions(source, initial);
  const [revoking, setRevoking] = useState<number | null>(null);
  if (list.data && !list.data.ok) return <p className="card-body muted">{list.data.error.message}</p>;
  const suppressions = list.data?.ok ? list.data.suppressions : [];
  if (suppressions.length === 0) return <p className="card-body muted">No suppressions for {source} yet.</p>;
  return (
    <div className="table-wrap">
      <table className="data" aria-label={`Suppressions of ${source}`}>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Status</th>
            <th scope="col">Rule</th>
            <th scope="col">Subject / object / scope</th>
            <th scope="col">Justification</th>
            <th scope="col">Owner</th>
            <th scope="col">Expires</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {suppressions.map((s) => {
            const revoked = s.history.find((h) => h.action === 'revoked');
            return (
              <tr key={s.id} className={s.status === 'active' ? undefined : 'row-muted'}>
                <th scope="row">
                  #{s.id}
                  {finding && matches(s, finding) && (
                    <>
                      {' '}
                      <span className="flag flag-info">matches this finding</span>
                    </>
                  )}
                </th>
                <td>
                  <span className={`badge status-${s.status}`}>{s.status}</span>
                </td>
                <td>
                  <code>{s.rule}</code>
                </td>
                <td>
                  <code>{s.subjectPattern ?? '*'}</code>
                  <br />
                  <code>{s.objectPattern ?? '*'}</code> <span className="muted">in</span> <code>{s.scope ?? '*'}</code>
                </td>
                <td>
                  {s.justification}
                  {revoked && (
                    <p className="muted">
                      Revoked by {revoked.actor} ({formatTime(revoked.at)}): {revoked.reason}
                    </p>
                  )}
                </td>
                <td>
                  {s.owner}
                  {s.createdBy && s.createdBy !== s.owner && <span className="muted"> (recorded by {s.createdBy})</span>}
                </td>
                <td className="nowrap">{formatTime(s.expiresAt)}</td>
                <td>
                  {s.status === 'revoked' ? null : revoking === s.id ? (
                    <RevokeForm source={source} suppression={s} onDone={() => setRevoking(null)} />
                  ) : (
                    <button
                      type="button"
                      className="button-secondary button-small"
                      onClick={() => setRevoking(s.id)}
                      aria-label={`Revoke suppression #${s.id}`}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
