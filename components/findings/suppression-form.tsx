'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, type FormEvent } from 'react';
import { patternText } from '../../lib/core/findings/suppress';
import type { FindingParty } from '../../lib/core/findings/types';
import type { SuppressionView } from '../../lib/server/findings/suppression-api';
import type { ApiError } from '../api-error';
import { formatTime } from '../format';
import { sendForAnswer } from '../review/post-json';
import { fieldText } from '../sources/field-text';
import { FieldError, fieldErrorProps } from './field-error';
import { suppressionKeys, suppressionsUrl } from './use-suppressions';

/** A `datetime-local` value in UTC (the field says so): the server's clock and the stored expiry are UTC. */
function utcInputValue(date: Date): string {
  return date.toISOString().slice(0, 19);
}

const DEFAULT_DAYS = 30;

export interface SuppressionFormProps {
  source: string;
  finding: { rule: string; subject: FindingParty | null; object: FindingParty | null; scope: string };
  /** The server's clock when the page was rendered (ISO), for the default expiry. */
  now: string;
}

interface Created {
  ok: true;
  suppression: SuppressionView;
}

/**
 * Accepts a finding for a while: the rule and the finding's exact subject, object and scope are
 * prefilled (widen them with `*`), with a justification, an owner and an expiry (UTC, at most a year
 * ahead, decided by the server). Posts to the suppressions API; a refusal is shown beside the field
 * its `param` names, and a success re-renders the page so the finding shows as suppressed.
 */
export function SuppressionForm({ source, finding, now }: SuppressionFormProps) {
  const id = useId();
  const router = useRouter();
  const client = useQueryClient();
  const create = useMutation({
    mutationFn: (body: Record<string, string | null>) => sendForAnswer<Created>(suppressionsUrl(source), 'POST', body),
    onSuccess: async (answer) => {
      if (!answer.ok) return;
      await client.invalidateQueries({ queryKey: suppressionKeys.source(source) });
      router.refresh();
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const optional = (name: string) => fieldText(form, name).trim() || null;
    const expires = fieldText(form, 'expiresAt');
    create.mutate({
      rule: finding.rule,
      subjectPattern: optional('subjectPattern'),
      objectPattern: optional('objectPattern'),
      scope: optional('scope'),
      justification: fieldText(form, 'justification'),
      owner: fieldText(form, 'owner'),
      // Seconds are optional in the field; the zone is UTC, as its label says.
      expiresAt: expires === '' ? '' : `${expires.length === 16 ? `${expires}:00` : expires}Z`,
    });
  }

  const answer = create.data;
  const error: ApiError | null = answer && !answer.ok ? answer.error : null;
  const fieldParams = ['subjectPattern', 'objectPattern', 'scope', 'justification', 'owner', 'expiresAt'];
  const general = error && (error.param === null || !fieldParams.includes(error.param)) ? error.message : null;
  const msg = (param: string) => `${id}-${param}-error`;
  const defaultExpiry = utcInputValue(new Date(Date.parse(now) + DEFAULT_DAYS * 86_400_000));

  return (
    <form className="card-body suppress-form" onSubmit={onSubmit} aria-label="Suppress this finding" noValidate>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-rule`}>Rule</label>
          <input id={`${id}-rule`} type="text" value={finding.rule} readOnly />
        </div>
        <div className="field">
          <label htmlFor={`${id}-subject`}>Subject pattern</label>
          <input
            id={`${id}-subject`}
            name="subjectPattern"
            type="text"
            // The finding's exact party, as the suppressions API's `kind/namespace/name` pattern spells it.
            defaultValue={patternText(finding.subject)}
            placeholder="any subject"
            {...fieldErrorProps(error, 'subjectPattern', msg('subjectPattern'))}
          />
          <FieldError error={error} param="subjectPattern" id={msg('subjectPattern')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-object`}>Object pattern</label>
          <input
            id={`${id}-object`}
            name="objectPattern"
            type="text"
            defaultValue={patternText(finding.object)}
            placeholder="any object"
            {...fieldErrorProps(error, 'objectPattern', msg('objectPattern'))}
          />
          <FieldError error={error} param="objectPattern" id={msg('objectPattern')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-scope`}>Scope</label>
          <input
            id={`${id}-scope`}
            name="scope"
            type="text"
            defaultValue={finding.scope}
            placeholder="any scope"
            {...fieldErrorProps(error, 'scope', msg('scope'))}
          />
          <FieldError error={error} param="scope" id={msg('scope')} />
        </div>
      </div>
      <p className="field-hint">
        Patterns are <code>kind/namespace/name</code> with <code>*</code> for any run of characters (namespace empty when none, e.g.{' '}
        <code>User//alice</code>); leave one empty to match anything.
      </p>
      <div className="form-grid section-gap">
        <div className="field">
          <label htmlFor={`${id}-justification`}>Justification</label>
          <textarea
            id={`${id}-justification`}
            name="justification"
            rows={3}
            {...fieldErrorProps(error, 'justification', msg('justification'))}
          />
          <FieldError error={error} param="justification" id={msg('justification')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-owner`}>Owner</label>
          <input
            id={`${id}-owner`}
            name="owner"
            type="text"
            autoComplete="email"
            placeholder="who answers for it"
            {...fieldErrorProps(error, 'owner', msg('owner'))}
          />
          <FieldError error={error} param="owner" id={msg('owner')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-expires`}>Expires at (UTC)</label>
          <input
            id={`${id}-expires`}
            name="expiresAt"
            type="datetime-local"
            step={1}
            defaultValue={defaultExpiry}
            {...fieldErrorProps(error, 'expiresAt', msg('expiresAt'))}
          />
          <FieldError error={error} param="expiresAt" id={msg('expiresAt')} />
          <span className="field-hint">At most a year ahead; the server’s clock decides when it has expired.</span>
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" disabled={create.isPending}>
          Suppress finding
        </button>
        <span role="status" className="form-status" data-tone={error ? 'bad' : answer?.ok ? 'ok' : undefined}>
          {general ??
            (error
              ? 'Not saved: see the field marked above.'
              : answer?.ok
                ? `Suppression #${answer.suppression.id} saved, in force until ${formatTime(answer.suppression.expiresAt)}.`
                : '')}
        </span>
      </div>
    </form>
  );
}
