import 'server-only';
// Who is running a snapshot. A process that crashes mid-collection leaves its snapshot
// 'running'; the next openStore() marks it failed, but only when the runner is provably gone,
// so a server and a CLI sharing one database never fail each other's live snapshots.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { z } from 'zod';

const runnerSchema = z.object({ host: z.string(), pid: z.number().int(), token: z.string() });
export type Runner = z.infer<typeof runnerSchema>;

/** Tells this process apart from an earlier one with the same pid (a restarted container is pid 1 again). */
const PROCESS_TOKEN = randomUUID();

/** A snapshot started on another host is presumed abandoned after this long; we cannot see its process. */
export const FOREIGN_RUN_STALE_MS = 24 * 60 * 60 * 1000;

export function currentRunner(): Runner {
  return { host: hostname(), pid: process.pid, token: PROCESS_TOKEN };
}

export function encodeRunner(runner: Runner): string {
  return JSON.stringify(runner);
}

function decodeRunner(text: string | null): Runner | null {
  if (text === null) return null;
  try {
    const parsed = runnerSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a 'running' snapshot's process is gone for sure (or, on another host, long silent). */
export function isAbandoned(runnerText: string | null, startedAt: Date, now = new Date(), self = currentRunner()): boolean {
  const runner = decodeRunner(runnerText);
  if (runner === null) return true;
  if (runner.host !== self.host) return now.getTime() - startedAt.getTime() > FOREIGN_RUN_STALE_MS;
  if (runner.pid === self.pid) return runner.token !== self.token;
  return !isProcessAlive(runner.pid);
}
