import 'server-only';
// GET/PUT /api/sources/<name>/schedule, without Next: parse, call the store, answer {status, body};
// a refusal is thrown as a QuestionError naming its parameter (the route wrapper sends the envelope).
// A source that has never been planned shows the default schedule it will get.
import { z } from 'zod';
import type { Source } from '../../core/snapshot/types';
import type { Store } from '../../store';
import type { SourceSchedule } from '../../store/schedules';
import { QuestionError } from '../questions/errors';
import { describeConnection, isRunnable } from '../run-snapshot';
import { sourceNamed } from '../sources/source-named';
import { checkCron, DEFAULT_CRON, nextRunAfter } from './cron';

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

export interface ScheduleView {
  cron: string;
  enabled: boolean;
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  /** A scheduler holds the source's lease right now. */
  running: boolean;
  /** False until the source's schedule is stored (the scheduler stores the default on its next pass). */
  stored: boolean;
}

export const scheduleUpdateSchema = z.object({
  cron: z.string().max(200, 'cron is longer than 200 characters').optional(),
  enabled: z.boolean().optional(),
});

function view(schedule: SourceSchedule, now: Date): ScheduleView {
  return {
    cron: schedule.cron,
    enabled: schedule.enabled,
    nextRunAt: schedule.enabled ? (schedule.nextRunAt?.toISOString() ?? null) : null,
    lastRunAt: schedule.lastRunAt?.toISOString() ?? null,
    lastError: schedule.lastError,
    consecutiveFailures: schedule.consecutiveFailures,
    running: schedule.leaseOwner !== null && schedule.leaseExpiresAt !== null && schedule.leaseExpiresAt > now,
    stored: true,
  };
}

function defaultView(source: Source, now: Date): ScheduleView {
  const runnable = isRunnable(source);
  return {
    cron: DEFAULT_CRON,
    enabled: runnable,
    nextRunAt: runnable ? nextRunAfter(DEFAULT_CRON, now).toISOString() : null,
    lastRunAt: null,
    lastError: null,
    consecutiveFailures: 0,
    running: false,
    stored: false,
  };
}

function answer(source: Source, schedule: ScheduleView): ApiAnswer {
  return {
    status: 200,
    body: { ok: true, source: source.name, connection: describeConnection(source), runnable: isRunnable(source), schedule },
  };
}

export async function getScheduleAnswer(store: Store, sourceName: string, now = new Date()): Promise<ApiAnswer> {
  const source = await sourceNamed(store, sourceName);
  const schedule = await store.schedules.get(source.id);
  return answer(source, schedule ? view(schedule, now) : defaultView(source, now));
}

export async function putScheduleAnswer(store: Store, sourceName: string, input: unknown, now = new Date()): Promise<ApiAnswer> {
  const source = await sourceNamed(store, sourceName);
  const parsed = scheduleUpdateSchema.safeParse(input);
  if (!parsed.success) throw new QuestionError('invalid', 'body', z.prettifyError(parsed.error));
  const current = await store.schedules.get(source.id);
  const checked = checkCron(parsed.data.cron ?? current?.cron ?? DEFAULT_CRON);
  if (!checked.ok) throw new QuestionError('invalid', 'cron', checked.error);
  const enabled = parsed.data.enabled ?? current?.enabled ?? true;
  if (enabled && !isRunnable(source)) {
    throw new QuestionError(
      'conflict',
      'enabled',
      `source "${source.name}" has no connection the scheduler can snapshot (${describeConnection(source)})`,
    );
  }
  const saved = await store.schedules.set(source.id, { cron: checked.cron, enabled, nextRunAt: nextRunAfter(checked.cron, now) });
  return answer(source, view(saved, now));
}
