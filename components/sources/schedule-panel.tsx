'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { apiFetch } from '../api-fetch';
import { formatTime } from '../format';
import { readAnswer, type Refused } from '../review/post-json';
import { fieldText } from './field-text';

export interface ScheduleView {
  cron: string;
  enabled: boolean;
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  running: boolean;
  stored: boolean;
}

interface PutAnswer {
  ok: true;
  schedule: ScheduleView;
}

/**
 * The source's snapshot schedule, editable through the scheduler's PUT /api/sources/<name>/schedule.
 * `cliOnly`: the dashboard's scheduler skips this source; the CLI's `access-atlas scheduler` keeps the schedule.
 */
export function SchedulePanel({
  sourceName,
  initial,
  runnable,
  cliOnly = false,
}: {
  sourceName: string;
  initial: ScheduleView | null;
  runnable: boolean;
  cliOnly?: boolean;
}) {
  const id = useId();
  const router = useRouter();
  const [schedule, setSchedule] = useState(initial);
  const save = useMutation({
    mutationFn: async (body: { cron: string; enabled: boolean }): Promise<PutAnswer | Refused> => {
      const response = await apiFetch(`/api/sources/${encodeURIComponent(sourceName)}/schedule`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return readAnswer<PutAnswer>(response);
    },
    onSuccess: (answer) => {
      if (answer.ok) {
        setSchedule(answer.schedule);
        router.refresh();
      }
    },
  });
  if (!schedule) return <p className="card-body muted">Schedules are not available on this server.</p>;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    save.mutate({ cron: fieldText(form, 'cron'), enabled: form.get('enabled') === 'on' });
  }
  const refused = save.data && !save.data.ok ? save.data : null;
  return (
    <div className="card-body">
      <dl className="kv">
        <dt>Runs</dt>
        <dd>
          <code>{schedule.cron}</code> {schedule.enabled ? '' : <span className="badge badge-neutral">paused</span>}
          {!schedule.stored && <span className="muted"> (default, not stored yet)</span>}
        </dd>
        <dt>Next</dt>
        <dd>{schedule.running ? 'running now' : formatTime(schedule.nextRunAt)}</dd>
        <dt>Last</dt>
        <dd>{formatTime(schedule.lastRunAt)}</dd>
        {schedule.lastError && (
          <>
            <dt>Last error</dt>
            <dd>
              {schedule.lastError}
              {schedule.consecutiveFailures > 1 && <span className="muted"> ({schedule.consecutiveFailures} failures in a row)</span>}
            </dd>
          </>
        )}
      </dl>
      {cliOnly && (
        <p className="muted section-gap">
          This source reads a kubeconfig on the server, which may run programs, so the dashboard never runs it: the schedule is kept by{' '}
          <code>access-atlas scheduler</code>, and the dashboard&apos;s own scheduler skips it.
        </p>
      )}
      {runnable ? (
        <form
          className="schedule-form section-gap"
          onSubmit={onSubmit}
          aria-label="Edit schedule"
          key={`${schedule.cron}-${String(schedule.enabled)}`}
        >
          <div className="field">
            <label htmlFor={`${id}-cron`}>Cron (UTC)</label>
            <input
              id={`${id}-cron`}
              name="cron"
              type="text"
              defaultValue={schedule.cron}
              aria-invalid={refused?.error.param === 'cron' ? true : undefined}
            />
          </div>
          <label className="check-label">
            <input type="checkbox" name="enabled" defaultChecked={schedule.enabled} /> Enabled
          </label>
          <button type="submit" className="button-secondary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save schedule'}
          </button>
          <span role="status" className="inline-status" data-tone={refused ? 'bad' : 'ok'}>
            {refused ? refused.error.message : save.data?.ok ? 'Saved.' : ''}
          </span>
        </form>
      ) : (
        <p className="muted section-gap">This source has no live connection, so it is not scheduled.</p>
      )}
    </div>
  );
}
