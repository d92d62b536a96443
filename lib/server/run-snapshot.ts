import 'server-only';
// The one way a stored Source is snapshotted (scheduler, "snapshot now", CLI): its `connection`
// JSON says where the data comes from (the table in collectors.ts names the collector that reads
// it, as it does for "Test connection"), its sealed credential (if any) how to get in. The run is
// recorded either way: finished when the collector succeeds, failed with the reason when it does
// not, so the last good snapshot always stays the one questions are answered from.
import { z } from 'zod';
import type { CollectError, CollectResult, SnapshotSummary, Source } from '../core/snapshot/types';
import { recordSnapshot, type Store } from '../store';
import { redactCredentials } from '../store/record-snapshot';
import {
  defaultCollectors,
  describeSourceConnection,
  kindOfConnection,
  kubeconfigPathRefusal,
  planCollection,
  runCollector,
  sourceConnectionSchema,
  type Collectors,
  type PlanContext,
  type Runner,
  type SourceConnection,
} from './collectors';
import { readSourceCredentials, type SourceCredentials } from './source-credentials';
import { announceSnapshot } from './webhooks/notify';

export type { Collectors, Runner } from './collectors';

export type ParsedConnection = { ok: true; connection: SourceConnection } | { ok: false; error: CollectError };

function badConfig(message: string): { ok: false; error: CollectError } {
  return { ok: false, error: { code: 'bad-config', message } };
}

/** The source's connection, validated; demo sources and sources without a connection cannot run. */
export function parseConnection(source: Source): ParsedConnection {
  if (source.connection.demo === true) return badConfig(`source ${source.name} holds demo data and has no live connection to snapshot`);
  const parsed = sourceConnectionSchema.safeParse(source.connection);
  if (!parsed.success) {
    return badConfig(`source ${source.name}: connection is not usable (${z.prettifyError(parsed.error).replace(/\n/g, '; ')})`);
  }
  const kind = kindOfConnection(parsed.data.type);
  if (kind !== source.kind)
    return badConfig(`source ${source.name} is a ${source.kind}, but its connection type ${parsed.data.type} is for a ${kind}`);
  return { ok: true, connection: parsed.data };
}

/**
 * Why the dashboard does not snapshot this source, or null when it does (or the source cannot run
 * at all: parseConnection says why). A kubeconfig on a server path may run programs, so the
 * dashboard runs one only from ACCESS_ATLAS_KUBECONFIG_DIR, as data; any other is the CLI's.
 * This is the path as written; the run itself checks where it resolves (symlinks followed).
 */
export function dashboardRefusal(source: Source, env: Readonly<Record<string, string | undefined>> = process.env): string | null {
  const parsed = parseConnection(source);
  if (!parsed.ok || parsed.connection.type !== 'kubeconfig') return null;
  return kubeconfigPathRefusal(source.name, parsed.connection.path, env);
}

/** True when `runner` can collect this source (the scheduler skips the others); without a runner, whether the CLI can. */
export function isRunnable(source: Source, runner: Runner = 'operator'): boolean {
  return parseConnection(source).ok && (runner === 'operator' || dashboardRefusal(source) === null);
}

/** A short human description of where the source's data comes from; never a credential. */
export function describeConnection(source: Source): string {
  if (source.connection.demo === true) return 'demo data (no live connection)';
  const parsed = parseConnection(source);
  return parsed.ok ? describeSourceConnection(parsed.connection) : 'no usable connection';
}

export interface RunSnapshotOptions {
  /** Why the snapshot was taken, prefixed to the origin: 'scheduled', 'manual'... */
  trigger?: string;
  /** Who runs it. Default 'dashboard': only the CLI says 'operator'. */
  runner?: Runner;
  collectors?: Partial<Collectors>;
  readCredentials?: (store: Store, sourceId: number) => Promise<SourceCredentials | null>;
  /** Queue the source's webhooks when the snapshot brings high-impact gains. Default true (the scheduler queues them itself). */
  announce?: boolean;
}

/**
 * The run: the collector the table (collectors.ts) names for the connection, with the source's
 * own credential strings scrubbed from whatever the plan or the collector reports or throws.
 */
async function collectRedacted(plan: PlanContext, collectors: Collectors, c: SourceConnection): Promise<CollectResult> {
  try {
    const planned = await planCollection(plan, c);
    const result = planned.ok ? await runCollector(collectors, planned.call) : planned;
    if (result.ok) return result;
    return { ok: false, error: { ...result.error, message: redactCredentials(result.error.message, plan.secrets) } };
  } catch (error) {
    throw new Error(redactCredentials(error instanceof Error ? error.message : String(error), plan.secrets));
  }
}

/** Collects the source from its connection and records the snapshot (failed, with the reason, on any error). */
export async function runSnapshot(store: Store, source: Source, opts: RunSnapshotOptions = {}): Promise<SnapshotSummary> {
  const read = opts.readCredentials ?? readSourceCredentials;
  const plan: PlanContext = {
    sourceName: source.name,
    runner: opts.runner ?? 'dashboard',
    readCredentials: () => read(store, source.id),
    secrets: [],
    linkedClusterRefs: async () => (await store.links.listForCloud(source.name)).map((link) => link.clusterRef),
  };
  const collectors: Collectors = { ...defaultCollectors, ...opts.collectors };
  const description = describeConnection(source);
  const origin = opts.trigger ? `${opts.trigger}: ${description}` : description;
  const parsed = parseConnection(source);
  if (!parsed.ok) return recordSnapshot(store, source.name, source.kind, parsed, origin);
  const run = async (): Promise<CollectResult> => {
    const result = await collectRedacted(plan, collectors, parsed.connection);
    // The history shows why each snapshot was taken: 'scheduled: <where from>', 'manual: ...'.
    if (!result.ok || !opts.trigger) return result;
    return { ok: true, snapshot: { ...result.snapshot, origin: `${opts.trigger}: ${result.snapshot.origin}` } };
  };
  const summary = await recordSnapshot(store, source.name, source.kind, run, origin);
  if (opts.announce !== false && summary.status !== 'failed') {
    // Announcing is a side effect of a good snapshot: its failure is reported, never the snapshot's.
    await announceSnapshot(store, source, summary, new Date()).catch((error: unknown) => {
      console.error(
        `snapshot ${summary.id} of ${source.name}: queuing webhook announcements failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }
  return summary;
}
