import 'server-only';
// The scheduler against a real store (SQLite file or PostgreSQL schema): the lease with two
// schedulers, lease renewal and takeover, the run missed while down, backoff that never blocks
// another source. Runs are fakes that record real snapshots; the clock is a fake one.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CollectResult, Source } from '../../../core/snapshot/types';
import { openStore, recordSnapshot, type Store } from '../../../store';
import { collected, role } from '../../../store/__tests__/objects';
import type { TestDatabase } from '../../../store/__tests__/test-databases';
import { Scheduler, type SchedulerOptions } from '../scheduler';

const T0 = new Date('2026-03-02T10:17:00Z');
const MINUTE = 60_000;

export class FakeClock {
  constructor(private t: Date) {}
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t = new Date(this.t.getTime() + ms);
  }
}

/** A promise and its resolve, to hold runs open while the other scheduler ticks. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const good = (): Promise<CollectResult> => Promise.resolve({ ok: true, snapshot: collected([role('ns', 'r')]) });
const broken = (): Promise<CollectResult> =>
  Promise.resolve({ ok: false, error: { code: 'network', message: 'cannot reach https://10.0.0.1:6443' } });

function recorder(collect: (source: Source) => Promise<CollectResult>, before?: (source: Source) => Promise<void>) {
  const runs: string[] = [];
  const run = async (store: Store, source: Source) => {
    runs.push(source.name);
    await before?.(source);
    return recordSnapshot(store, source.name, source.kind, () => collect(source), 'test run');
  };
  return { runs, run };
}

async function addSource(store: Store, name: string, nextRunAt: Date | null, cron = '0 */6 * * *'): Promise<Source> {
  const source = await store.ensureSource({ name, kind: 'cluster', connection: { type: 'files', paths: [`/data/${name}.yaml`] } });
  await store.schedules.set(source.id, { cron, enabled: true, nextRunAt });
  return source;
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(condition(), `timed out waiting for ${what}`);
}

const quiet: Pick<SchedulerOptions, 'log' | 'notify' | 'deliver'> = {
  log: () => undefined,
  notify: () => Promise.resolve(),
  deliver: () => Promise.resolve({ delivered: 0, retried: 0, failed: 0 }),
};

/**
 * `separateStores`: the second scheduler opens its own store, as a second replica would
 * (PostgreSQL). On SQLite both share the process's one store (a second store in one process
 * would stall the first: better-sqlite3's busy wait is synchronous); the lease is the same SQL.
 */
export function defineSchedulerSuite(label: string, makeDb: () => Promise<TestDatabase>, separateStores: boolean): void {
  describe(`scheduler on ${label}`, () => {
    let db: TestDatabase;
    let store: Store;
    let other: Store;
    before(async () => {
      db = await makeDb();
      store = await openStore({ databaseUrl: db.url });
      other = separateStores ? await openStore({ databaseUrl: db.url }) : store;
    });
    after(async () => {
      if (other !== store) await other.close();
      await store?.close();
      await db?.drop();
    });
    beforeEach(async () => {
      for (const source of await store.listSources()) await store.deleteSource(source.name);
    });

    test('two schedulers on one database run each due source exactly once', async () => {
      const names = ['alpha', 'beta', 'gamma', 'delta'];
      for (const name of names) await addSource(store, name, new Date(T0.getTime() - MINUTE));
      const hold = gate();
      const { runs, run } = recorder(good, () => hold.promise);
      const clock = new FakeClock(T0);
      const a = new Scheduler(store, { ...quiet, owner: 'replica-a', clock, run, concurrency: 4 });
      const b = new Scheduler(other, { ...quiet, owner: 'replica-b', clock, run, concurrency: 4 });
      const ticks = Promise.all([a.tick(), b.tick()]);
      await waitFor(() => runs.length === names.length, 'every source to start');
      // Both schedulers have listed and tried every source by now; the runs are still open.
      const [ra, rb] = [a.tick(), b.tick()];
      hold.open();
      const reports = [...(await ticks), await ra, await rb];
      assert.deepEqual([...runs].sort(), [...names].sort());
      const ran = reports.flatMap((r) => r.ran.map((x) => x.source)).sort();
      assert.deepEqual(ran, [...names].sort());
      for (const name of names) {
        const source = await store.getSource(name);
        assert.ok(source);
        assert.equal((await store.listSnapshots(source.id)).length, 1, `${name} has one snapshot`);
        const schedule = await store.schedules.get(source.id);
        assert.equal(schedule?.leaseOwner, null);
        assert.deepEqual(schedule?.nextRunAt, new Date('2026-03-02T12:00:00Z'));
      }
      const again = await Promise.all([a.tick(), b.tick()]);
      assert.deepEqual(
        again.flatMap((r) => r.ran),
        [],
      );
    });

    test('a renewed lease keeps a long run; an expired one is taken over, and the late finisher is told', async () => {
      const source = await addSource(store, 'slow', new Date(T0.getTime() - MINUTE));
      const clock = new FakeClock(T0);
      const hold = gate();
      const slow = recorder(good, () => hold.promise);
      const keeper = new Scheduler(store, { ...quiet, owner: 'keeper', clock, run: slow.run, leaseMs: 60_000, renewEveryMs: 5 });
      const other1 = new Scheduler(other, { ...quiet, owner: 'other', clock, run: recorder(good).run });
      const kept = keeper.tick();
      await waitFor(() => slow.runs.length === 1, 'the slow run to start');
      clock.advance(10 * MINUTE); // far past the first lease; renewal moves it along
      await new Promise((r) => setTimeout(r, 60));
      assert.deepEqual((await other1.tick()).ran, []);
      hold.open();
      assert.equal((await kept).ran[0]?.outcome, 'complete');

      // No renewal this time: the lease runs out and another scheduler takes the run over.
      await store.schedules.set(source.id, { cron: '0 */6 * * *', enabled: true, nextRunAt: clock.now() });
      const hold2 = gate();
      const stuck = recorder(good, () => hold2.promise);
      const lapsing = new Scheduler(store, { ...quiet, owner: 'lapsing', clock, run: stuck.run, leaseMs: 60_000, renewEveryMs: 3_600_000 });
      const taker = recorder(good);
      const takeover = new Scheduler(other, { ...quiet, owner: 'taker', clock, run: taker.run });
      const lapsed = lapsing.tick();
      await waitFor(() => stuck.runs.length === 1, 'the stuck run to start');
      assert.deepEqual((await takeover.tick()).ran, [], 'the lease still holds');
      clock.advance(2 * MINUTE);
      const taken = await takeover.tick();
      assert.deepEqual(taker.runs, ['slow']);
      assert.equal(taken.ran[0]?.outcome, 'complete');
      hold2.open();
      assert.equal((await lapsed).ran[0]?.outcome, 'lost-lease');
    });

    test('a run missed while the app was down runs once at start, not once per missed slot', async () => {
      const source = await addSource(store, 'missed', new Date(T0.getTime() - 3 * 24 * 60 * MINUTE));
      const { runs, run } = recorder(good);
      const clock = new FakeClock(T0);
      const scheduler = new Scheduler(store, { ...quiet, owner: 'starting', clock, run, intervalMs: 3_600_000 });
      scheduler.start();
      await waitFor(() => runs.length === 1, 'the first tick');
      await scheduler.stop();
      assert.deepEqual(runs, ['missed']);
      assert.deepEqual((await scheduler.tick()).ran, []);
      assert.equal(runs.length, 1);
      const schedule = await store.schedules.get(source.id);
      assert.deepEqual(schedule?.nextRunAt, new Date('2026-03-02T12:00:00Z'));
      assert.deepEqual(schedule?.lastRunAt, T0);
    });

    test('a failing source backs off and shows its error; others still run, a throwing one stops nothing', async () => {
      const due = new Date(T0.getTime() - MINUTE);
      const [fine, bad] = [await addSource(store, 'fine', due, '*/5 * * * *'), await addSource(store, 'bad', due)];
      const throwing = await addSource(store, 'thrower', due);
      const lastGood = await recordSnapshot(store, 'bad', 'cluster', good, 'earlier good run');
      const { runs, run } = recorder(
        (s) => (s.name === 'bad' ? broken() : good()),
        (s) => (s.name === 'thrower' ? Promise.reject(new Error('collector crashed')) : Promise.resolve()),
      );
      const clock = new FakeClock(T0);
      const scheduler = new Scheduler(store, { ...quiet, owner: 'solo', clock, run, concurrency: 2 });
      const first = await scheduler.tick();
      assert.deepEqual([...runs].sort(), ['bad', 'fine', 'thrower']);
      assert.deepEqual(Object.fromEntries(first.ran.map((r) => [r.source, r.outcome])), {
        fine: 'complete',
        bad: 'failed',
        thrower: 'error',
      });
      let schedule = await store.schedules.get(bad.id);
      assert.equal(schedule?.consecutiveFailures, 1);
      assert.match(schedule?.lastError ?? '', /network: cannot reach https:\/\/10\.0\.0\.1:6443/);
      assert.deepEqual(schedule?.nextRunAt, new Date(T0.getTime() + MINUTE));
      assert.equal((await store.latestUsableSnapshot(bad.id))?.id, lastGood.id, 'the last good snapshot stays');
      assert.deepEqual((await store.schedules.get(fine.id))?.nextRunAt, new Date('2026-03-02T10:20:00Z'));

      clock.advance(MINUTE);
      runs.length = 0;
      await scheduler.tick();
      assert.deepEqual([...runs].sort(), ['bad', 'thrower']);
      schedule = await store.schedules.get(bad.id);
      assert.equal(schedule?.consecutiveFailures, 2);
      assert.deepEqual(schedule?.nextRunAt, new Date(T0.getTime() + 3 * MINUTE), 'second failure waits 2 minutes');

      clock.advance(2 * MINUTE); // 10:20: fine is due on its cron, bad and thrower on their backoff
      runs.length = 0;
      await scheduler.tick();
      assert.deepEqual([...runs].sort(), ['bad', 'fine', 'thrower']);
      assert.equal((await store.schedules.get(bad.id))?.consecutiveFailures, 3);
      const thrown = await store.schedules.get(throwing.id);
      assert.equal(thrown?.consecutiveFailures, 3);
      assert.equal(thrown?.lastError, 'snapshot run failed: collector crashed');
      assert.equal((await store.listSnapshots(fine.id)).filter((s) => s.status === 'complete').length, 2);
    });

    test('runnable sources get the default schedule; the demo source and a source without connection get none', async () => {
      const demo = await store.ensureSource({ name: 'demo-cluster', kind: 'cluster', connection: { demo: true, description: 'demo' } });
      const bare = await store.ensureSource({ name: 'bare', kind: 'cluster' });
      const live = await store.ensureSource({
        name: 'live',
        kind: 'cluster',
        connection: { type: 'kubeconfig', path: '/k/config', context: 'prod' },
      });
      const { runs, run } = recorder(good);
      // The dashboard's scheduler leaves a kubeconfig on a server path to the CLI: no schedule from it.
      const dashboard = await new Scheduler(store, { ...quiet, owner: 'dashboard', clock: new FakeClock(T0), run }).tick();
      assert.deepEqual(dashboard.planned, []);
      assert.equal(await store.schedules.get(live.id), null);
      const report = await new Scheduler(store, { ...quiet, owner: 'planner', clock: new FakeClock(T0), run, runner: 'operator' }).tick();
      assert.deepEqual(report.planned, ['live']);
      assert.deepEqual(runs, []);
      assert.equal(await store.schedules.get(demo.id), null);
      assert.equal(await store.schedules.get(bare.id), null);
      const schedule = await store.schedules.get(live.id);
      assert.equal(schedule?.cron, '0 */6 * * *');
      assert.deepEqual(schedule?.nextRunAt, new Date('2026-03-02T12:00:00Z'));
    });

    test("the dashboard's scheduler skips a due kubeconfig-path source (no run, no failure); the CLI's runs it", async () => {
      const cli = await store.ensureSource({
        name: 'cli-own',
        kind: 'cluster',
        connection: { type: 'kubeconfig', path: '/home/op/.kube/config' },
      });
      await store.schedules.set(cli.id, { cron: '0 */6 * * *', enabled: true, nextRunAt: new Date(T0.getTime() - MINUTE) });
      const dashboardRuns = recorder(good);
      const skipped = await new Scheduler(store, { ...quiet, owner: 'dash', clock: new FakeClock(T0), run: dashboardRuns.run }).tick();
      assert.deepEqual(dashboardRuns.runs, []);
      assert.deepEqual(
        skipped.ran.map((r) => r.source),
        [],
      );
      assert.equal((await store.schedules.get(cli.id))?.consecutiveFailures, 0);
      assert.equal((await store.listSnapshots(cli.id)).length, 0);
      const operatorRuns = recorder(good);
      const ran = await new Scheduler(store, {
        ...quiet,
        owner: 'cli',
        clock: new FakeClock(T0),
        run: operatorRuns.run,
        runner: 'operator',
      }).tick();
      assert.deepEqual(operatorRuns.runs, ['cli-own']);
      assert.deepEqual(
        ran.ran.map((r) => [r.source, r.outcome]),
        [['cli-own', 'complete']],
      );
    });
  });
}
