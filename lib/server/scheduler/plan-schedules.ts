import 'server-only';
// Gives every source that can be snapshotted a schedule (the default, every 6 hours) and plans
// the next run of schedules that have none. Sources that cannot run (the demo, a source without
// a usable connection, a kubeconfig on a server path for the dashboard's scheduler) get no
// schedule from this runner, so the scheduler never fails them over and over.
import type { Source } from '../../core/snapshot/types';
import type { Store } from '../../store';
import type { SourceSchedule } from '../../store/schedules';
import { isRunnable, type Runner } from '../run-snapshot';
import { DEFAULT_CRON, nextRunAfter } from './cron';

/** Returns the names of the sources whose schedule was created or planned. */
export async function planSchedules(store: Store, sources: readonly Source[], now: Date, runner: Runner): Promise<string[]> {
  const schedules = new Map<number, SourceSchedule>((await store.schedules.list()).map((s) => [s.sourceId, s]));
  const planned: string[] = [];
  for (const source of sources) {
    const schedule = schedules.get(source.id);
    if (!schedule) {
      if (!isRunnable(source, runner)) continue;
      await store.schedules.ensure(source.id, { cron: DEFAULT_CRON, enabled: true, nextRunAt: nextRunAfter(DEFAULT_CRON, now) });
      planned.push(source.name);
    } else if (schedule.enabled && schedule.nextRunAt === null) {
      await store.schedules.set(source.id, { cron: schedule.cron, enabled: true, nextRunAt: nextRunAfter(schedule.cron, now) });
      planned.push(source.name);
    }
  }
  return planned;
}
