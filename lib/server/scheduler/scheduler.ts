import 'server-only';
// The snapshot scheduler: every tick it plans new sources' schedules, runs the due ones (a few at
// a time, each under a database lease so replicas on one database run it once) and sends due
// webhook deliveries. One source failing or throwing never stops the others or the loop.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { SnapshotSummary, Source } from '../../core/snapshot/types';
import type { Store } from '../../store';
import type { SourceSchedule } from '../../store/schedules';
import { dashboardRefusal, runSnapshot, type Runner } from '../run-snapshot';
import { deliverDueWebhooks, type DeliveryReport } from '../webhooks/deliver';
import { announceSnapshot } from '../webhooks/notify';
import { SNAPSHOT_BACKOFF, type Backoff } from './backoff';
import { mapWithLimit } from './map-with-limit';
import { planSchedules } from './plan-schedules';
import { runDueSource, type Clock, type RunDueContext, type SourceRun } from './run-due-source';

export type { Clock, SourceRun };

export interface SchedulerOptions {
  /** Identifies this scheduler in leases; default host:pid:random. */
  owner?: string;
  clock?: Clock;
  run?: (store: Store, source: Source) => Promise<SnapshotSummary>;
  /** Who runs the snapshots: 'dashboard' (the server's scheduler, the default) or 'operator' (the CLI's). */
  runner?: Runner;
  notify?: (store: Store, source: Source, summary: SnapshotSummary) => Promise<void>;
  deliver?: (store: Store, now: Date) => Promise<DeliveryReport>;
  /** Sources snapshotted at once. Default 2. */
  concurrency?: number;
  /** How long a lease lasts without renewal. Default 5 minutes. */
  leaseMs?: number;
  /** Default leaseMs / 3. */
  renewEveryMs?: number;
  /** Time between ticks of start()'s loop. Default 30 seconds. */
  intervalMs?: number;
  backoff?: Backoff;
  log?: (line: string) => void;
}

export interface TickReport {
  planned: string[];
  ran: SourceRun[];
  deliveries: DeliveryReport;
  /** Problems of the tick itself (e.g. the database was unreachable); the loop goes on. */
  errors: string[];
}

const systemClock: Clock = { now: () => new Date() };
const NO_DELIVERIES: DeliveryReport = { delivered: 0, retried: 0, failed: 0 };

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class Scheduler {
  readonly owner: string;
  private readonly ctx: RunDueContext;
  private readonly concurrency: number;
  private readonly intervalMs: number;
  private readonly deliver: (store: Store, now: Date) => Promise<DeliveryReport>;
  private readonly runner: Runner;
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<TickReport> | null = null;
  private stopped = true;

  constructor(
    private readonly store: Store,
    opts: SchedulerOptions = {},
  ) {
    this.owner = opts.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    const leaseMs = opts.leaseMs ?? 5 * 60_000;
    const runner = opts.runner ?? 'dashboard';
    this.runner = runner;
    this.ctx = {
      store,
      owner: this.owner,
      clock: opts.clock ?? systemClock,
      leaseMs,
      renewEveryMs: opts.renewEveryMs ?? Math.max(1, Math.floor(leaseMs / 3)),
      backoff: opts.backoff ?? SNAPSHOT_BACKOFF,
      run: opts.run ?? ((s, source) => runSnapshot(s, source, { trigger: 'scheduled', announce: false, runner })),
      notify:
        opts.notify ??
        (async (s, source, summary) => {
          await announceSnapshot(s, source, summary, this.ctx.clock.now());
        }),
      log: opts.log ?? ((line) => console.error(line)),
    };
    this.concurrency = opts.concurrency ?? 2;
    this.intervalMs = opts.intervalMs ?? 30_000;
    this.deliver = opts.deliver ?? ((s, now) => deliverDueWebhooks(s, now));
  }

  /** One pass: plan, run what is due, deliver webhooks. Never throws. */
  async tick(): Promise<TickReport> {
    const report: TickReport = { planned: [], ran: [], deliveries: NO_DELIVERIES, errors: [] };
    try {
      const now = this.ctx.clock.now();
      const sources = await this.store.listSources();
      report.planned = await planSchedules(this.store, sources, now, this.runner);
      const due = await this.store.schedules.listDue(now);
      const byId = new Map(sources.map((s) => [s.id, s]));
      const runs = await mapWithLimit(due, this.concurrency, (schedule) => this.runOne(schedule, byId.get(schedule.sourceId), report));
      report.ran = runs.filter((r): r is SourceRun => r !== null);
    } catch (error) {
      report.errors.push(`planning or listing due sources failed: ${message(error)}`);
    }
    try {
      report.deliveries = await this.deliver(this.store, this.ctx.clock.now());
    } catch (error) {
      report.errors.push(`webhook delivery failed: ${message(error)}`);
    }
    for (const e of report.errors) this.ctx.log(`scheduler: ${e}`);
    return report;
  }

  private async runOne(schedule: SourceSchedule, source: Source | undefined, report: TickReport): Promise<SourceRun | null> {
    // A source created after the list above is picked up on the next tick.
    if (!source) return null;
    // The CLI's own kubeconfig sources are left to the CLI's scheduler, not failed here every pass.
    if (this.runner === 'dashboard' && dashboardRefusal(source) !== null) return null;
    try {
      return await runDueSource(this.ctx, schedule, source);
    } catch (error) {
      report.errors.push(`source ${source.name}: ${message(error)}`);
      return null;
    }
  }

  /** Ticks now (a run missed while the app was down is due, so it runs once), then every intervalMs. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = (): void => {
      this.current = this.tick();
      void this.current.finally(() => {
        this.current = null;
        if (this.stopped) return;
        this.timer = setTimeout(loop, this.intervalMs);
        this.timer.unref();
      });
    };
    loop();
  }

  /** Stops the loop and waits for a tick in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.current) await this.current;
  }
}
