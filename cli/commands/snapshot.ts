// `access-atlas snapshot`: collect from a cluster or files and store a snapshot.
// A failed collection is recorded as failed and never replaces the last good snapshot.
import { collectFromFiles } from '../../lib/collect/files';
import type { JsonObject, SnapshotSummary } from '../../lib/core/snapshot/types';
import { recordSnapshot } from '../../lib/store';
import { outputFormat, parseArgs, single, UsageError } from '../args';
import { writeJson } from '../format';
import type { CliIo } from '../io';
import { openCliStore } from '../open-store';
import { absoluteInputPaths, assertReadable, assertReadableInputs, sourceNameFlag } from '../source-args';
import { CLOUD_SNAPSHOT_BOOLEANS, CLOUD_SNAPSHOT_VALUES, cloudSnapshotPlan } from './ram-snapshot';

const FLAGS = {
  values: ['--kubeconfig', '--context', '--from', '--source', '-o', ...CLOUD_SNAPSHOT_VALUES],
  repeatable: ['--from'],
  booleans: ['--in-cluster', ...CLOUD_SNAPSHOT_BOOLEANS],
  aliases: { '--output': '-o' },
};

export const DEFAULT_SOURCE_NAME = 'default';

interface Plan {
  connection: JsonObject;
  origin: string;
  /** Refuses inputs that cannot be read (exit 2) before the store is opened. */
  check: () => Promise<void>;
  collect: () => ReturnType<typeof collectFromFiles>;
}

function plan(args: ReturnType<typeof parseArgs>, io: CliIo): Plan {
  const kubeconfig = single(args, '--kubeconfig');
  const context = single(args, '--context');
  const from = args.values.get('--from');
  const inCluster = args.booleans.has('--in-cluster');
  const chosen = [kubeconfig !== undefined, inCluster, from !== undefined].filter(Boolean).length;
  if (chosen !== 1) throw new UsageError('give exactly one of --kubeconfig PATH [--context NAME], --in-cluster, --from PATH...');
  if (context !== undefined && kubeconfig === undefined) throw new UsageError('--context needs --kubeconfig');
  if (from) {
    const paths = absoluteInputPaths(from, io.cwd);
    return {
      connection: { type: 'files', paths },
      origin: `files: ${paths.join(', ')}`,
      check: () => assertReadableInputs(paths),
      collect: () => collectFromFiles(paths, { stdin: io.stdin }),
    };
  }
  if (inCluster) {
    return {
      connection: { type: 'in-cluster' },
      origin: 'in-cluster service account',
      check: async () => {},
      collect: async () => (await import('../../lib/collect/kube')).collectFromCluster({ inCluster: true }),
    };
  }
  const path = absoluteInputPaths([kubeconfig as string], io.cwd)[0] as string;
  const connection: JsonObject = { type: 'kubeconfig', path, ...(context ? { context } : {}) };
  return {
    connection,
    origin: `kubeconfig ${path}${context ? ` context ${context}` : ''}`,
    check: () => assertReadable(path, `--kubeconfig ${path}`),
    collect: async () => (await import('../../lib/collect/kube')).collectFromCluster({ kubeconfigPath: path, context }),
  };
}

function summaryText(s: SnapshotSummary): string {
  const counts = Object.entries(s.counts).map(([kind, n]) => `  ${kind.padEnd(20)} ${n}`);
  const lines = [`snapshot ${s.id} of source "${s.sourceName}": ${s.status}`];
  if (s.status === 'failed') lines.push(`  error: ${s.error ?? 'unknown'}`);
  for (const m of s.missingKinds) lines.push(`  missing ${m.kind}: ${m.reason}`);
  lines.push(...counts);
  if (s.digest) lines.push(`  digest sha256:${s.digest}`);
  return lines.join('\n') + '\n';
}

export async function runSnapshot(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, FLAGS, 0);
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`);
  const format = outputFormat(args);
  const cloud = cloudSnapshotPlan(args, io.cwd);
  const sourceKind = cloud?.kind ?? 'cluster';
  const sourceName = sourceNameFlag(args, '--source') ?? cloud?.defaultSourceName ?? DEFAULT_SOURCE_NAME;
  const { connection, origin, check, collect } = cloud ?? plan(args, io);
  await check();
  const store = await openCliStore(io);
  try {
    const existing = await store.getSource(sourceName);
    if (existing && existing.kind !== sourceKind) throw new UsageError(`source "${sourceName}" is a ${existing.kind}, not a ${sourceKind}`);
    if (!existing) await store.ensureSource({ name: sourceName, kind: sourceKind, connection });
    const summary = await recordSnapshot(store, sourceName, sourceKind, collect, origin);
    if (format === 'json') writeJson(io, summary);
    else io.stdout.write(summaryText(summary));
    if (summary.status === 'failed') {
      io.stderr.write(`error: snapshot failed: ${summary.error ?? 'unknown'}; the last good snapshot is unchanged\n`);
      return 1;
    }
    return 0;
  } finally {
    await store.close();
  }
}
