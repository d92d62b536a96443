import 'server-only';
// The scheduler inside the Next.js server process (started from instrumentation.ts on the Node
// runtime). ACCESS_ATLAS_SCHEDULER=off leaves it out, e.g. when a separate `access-atlas
// scheduler` process does the work; running both is safe too (the lease makes each run once).
import type { Store } from '../../store';
import { Scheduler } from './scheduler';

type Env = Readonly<Record<string, string | undefined>>;

const globalForScheduler = globalThis as typeof globalThis & { __accessAtlasScheduler?: Scheduler };

export function isSchedulerEnabled(env: Env = process.env): boolean {
  const value = (env.ACCESS_ATLAS_SCHEDULER ?? '').trim().toLowerCase();
  return !['off', '0', 'false', 'no'].includes(value);
}

/** Starts the process's scheduler once (kept on globalThis: `next dev` re-evaluates modules). */
export function startServerScheduler(store: Store, env: Env = process.env): Scheduler | null {
  if (!isSchedulerEnabled(env)) return null;
  let scheduler = globalForScheduler.__accessAtlasScheduler;
  if (!scheduler) {
    // The dashboard's scheduler: kubeconfigs are data here, and the CLI's own kubeconfig sources are skipped.
    scheduler = new Scheduler(store, { runner: 'dashboard' });
    globalForScheduler.__accessAtlasScheduler = scheduler;
    scheduler.start();
  }
  return scheduler;
}
