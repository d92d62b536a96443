import 'server-only';
// One due source: take its lease, keep the lease while the snapshot runs, record the outcome and
// plan the next run. A success plans the next cron slot after now (slots missed while the app was
// down are not caught up one by one); a failure plans a retry after an exponential backoff.
import { sourceNameError } from '../../core/snapshot/source-name';
import type { SnapshotSummary, Source } from '../../core/snapshot/types';
import type { Store } from '../../store';
import type { SourceSchedule } from '../../store/schedules';
import { backoffDelayMs, type Backoff } from './backoff';
import { nextRunAfter } from './cron';

export interface Clock {
  now(): Date;
}

export interface RunDueContext {
  store: Store;
  owner: string;
  clock: Clock;
  leaseMs: number;
  renewEveryMs: number;
  backoff: Backoff;
  run(store: Store, source: Source): Promise<SnapshotSummary>;
  /** Called after a successful snapshot (webhooks); its failure is logged, never fatal. */
  notify(store: Store, source: Source, summary: SnapshotSummary): Promise<void>;
  log(line: string): void;
}

export interface SourceRun {
  source: string;
  /** The snapshot's status; 'error' when the run threw; 'lost-lease' when another scheduler took over. */
  outcome: SnapshotSummary['status'] | 'error' | 'lost-lease';
  snapshotId: number | null;
  error: string | null;
  nextRunAt: Date;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs the collector with the lease renewed every renewEveryMs, so a long snapshot is not taken over. */
async function runLeased(ctx: RunDueContext, source: Source): Promise<{ summary: SnapshotSummary | null; error: string | null }> {
  const renew = setInterval(() => {
    const until = new Date(ctx.clock.now().getTime() + ctx.leaseMs);
    ctx.store.schedules.renewLease(source.id, ctx.owner, until).then(
      (held) => {
        if (!held) ctx.log(`scheduler: lost the lease of source ${source.name} while it ran`);
      },
      (error: unknown) => ctx.log(`scheduler: renewing the lease of source ${source.name} failed: ${message(error)}`),
    );
  }, ctx.renewEveryMs);
  renew.unref();
  try {
    const summary = await ctx.run(ctx.store, source);
    return { summary, error: summary.status === 'failed' ? (summary.error ?? 'snapshot failed') : null };
  } catch (error) {
    return { summary: null, error: `snapshot run failed: ${message(error)}` };
  } finally {
    clearInterval(renew);
  }
}

function planNext(schedule: SourceSchedule, at: Date, error: string | null, backoff: Backoff): { nextRunAt: Date; error: string | null } {
  const retry = new Date(at.getTime() + backoffDelayMs(schedule.consecutiveFailures + 1, backoff));
  if (error !== null) return { nextRunAt: retry, error };
  try {
    return { nextRunAt: nextRunAfter(schedule.cron, at), error: null };
  } catch (cronError) {
    return {
      nextRunAt: retry,
      error: `the snapshot succeeded, but the schedule's cron expression "${schedule.cron}" is invalid: ${message(cronError)}`,
    };
  }
}

/** Null when another scheduler holds the source's lease (or ran it already). Never throws for the collector's sake. */
export async function runDueSource(ctx: RunDueContext, schedule: SourceSchedule, source: Source): Promise<SourceRun | null> {
  const now = ctx.clock.now();
  const acquired = await ctx.store.schedules.tryAcquireLease(source.id, ctx.owner, now, new Date(now.getTime() + ctx.leaseMs));
  if (!acquired) return null;
  // A source stored before the name rule (lib/core/snapshot/source-name.ts) is not run: its
  // schedule records why, and backs off like any failure.
  const badName = sourceNameError(source.name, 'source');
  const { summary, error: runError } = badName
    ? { summary: null, error: `${badName}; not snapshotted: add the source again under a valid name` }
    : await runLeased(ctx, source);
  const at = ctx.clock.now();
  const { nextRunAt, error } = planNext(schedule, at, runError, ctx.backoff);
  const recorded = await ctx.store.schedules.recordResult(source.id, ctx.owner, { at, error, nextRunAt });
  const snapshotId = summary?.id ?? null;
  if (!recorded) return { source: source.name, outcome: 'lost-lease', snapshotId, error, nextRunAt };
  if (summary && summary.status !== 'failed') {
    await ctx
      .notify(ctx.store, source, summary)
      .catch((e: unknown) => ctx.log(`scheduler: notifying about snapshot ${summary.id} of ${source.name} failed: ${message(e)}`));
  }
  return { source: source.name, outcome: summary?.status ?? 'error', snapshotId, error, nextRunAt };
}
