// `access-atlas scheduler`: snapshots every source on its schedule and sends webhook deliveries,
// outside the web server (set ACCESS_ATLAS_SCHEDULER=off on the server then, or keep both: the
// database lease makes each due snapshot run once). `--once` runs what is due and exits, for cron
// jobs and tests.
import { Scheduler, type TickReport } from '../../lib/server/scheduler/scheduler';
import { outputFormat, parseArgs, single, UsageError } from '../args';
import { writeJson } from '../format';
import type { CliIo } from '../io';
import { openCliStore } from '../open-store';

const FLAGS = {
  values: ['--concurrency', '--interval', '-o'],
  booleans: ['--once'],
  aliases: { '--output': '-o' },
};

function positiveInt(args: ReturnType<typeof parseArgs>, flag: string): number | undefined {
  const text = single(args, flag);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${flag} ${text}: expected a whole number of at least 1`);
  return n;
}

function reportText(report: TickReport): string {
  const lines = report.planned.map((name) => `planned source "${name}" (default schedule)`);
  for (const run of report.ran) {
    const next = `next run ${run.nextRunAt.toISOString()}`;
    lines.push(
      `source "${run.source}": ${run.outcome}${run.snapshotId === null ? '' : ` (snapshot ${run.snapshotId})`}, ${next}${run.error ? `\n  error: ${run.error}` : ''}`,
    );
  }
  if (report.ran.length === 0) lines.push('no source was due');
  const d = report.deliveries;
  if (d.delivered + d.retried + d.failed > 0) lines.push(`webhooks: ${d.delivered} delivered, ${d.retried} to retry, ${d.failed} given up`);
  for (const e of report.errors) lines.push(`error: ${e}`);
  return lines.join('\n') + '\n';
}

export async function runScheduler(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, FLAGS, 0);
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`);
  const format = outputFormat(args);
  const concurrency = positiveInt(args, '--concurrency');
  const interval = positiveInt(args, '--interval');
  if (args.booleans.has('--once') && interval !== undefined) throw new UsageError('--interval has no meaning with --once');
  const store = await openCliStore(io);
  try {
    const log = (line: string) => {
      io.stderr.write(`${line}\n`);
    };
    // The operator's scheduler runs the operator's own kubeconfigs as kubectl would (exec plugins included).
    const scheduler = new Scheduler(store, {
      runner: 'operator',
      concurrency,
      intervalMs: interval === undefined ? undefined : interval * 1000,
      log,
    });
    if (args.booleans.has('--once')) {
      const report = await scheduler.tick();
      if (format === 'json') writeJson(io, report);
      else io.stdout.write(reportText(report));
      return report.errors.length > 0 || report.ran.some((r) => r.error !== null) ? 1 : 0;
    }
    log(`scheduler ${scheduler.owner} started; stop with Ctrl-C`);
    scheduler.start();
    try {
      // The process's SIGINT or SIGTERM (cli/io.ts); in a test, whatever the test sends.
      const signal = await io.untilStopped();
      log(`scheduler: ${signal}, finishing the current pass`);
    } finally {
      await scheduler.stop();
    }
    return 0;
  } finally {
    await store.close();
  }
}
