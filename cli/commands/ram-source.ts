// SOURCE for RAM questions, following the cluster commands' conventions (cli/source-args.ts):
// `--from PATH... [--kind ram|aws]` reads an account export (no database; RAM export layout or
// `aws iam get-account-authorization-details` output), `--source NAME [--snapshot ID]` asks a
// stored cloud-account snapshot, and then the service accounts of clusters linked to it count too.
import type { CloudAccount } from '../../lib/core/ram/account';
import { buildCloudAccount } from '../../lib/core/ram/account';
import type { WorkloadRoleLink } from '../../lib/core/links';
import type { CollectResult } from '../../lib/core/snapshot/types';
import { single, UsageError, type ParsedArgs } from '../args';
import { inputPath, type CliIo } from '../io';
import { openCliStore } from '../open-store';
import { sourceSpec } from '../source-args';

export const RAM_SOURCE_FLAGS = ['--from', '--source', '--snapshot', '--kind'] as const;

export type CloudFileKind = 'ram' | 'aws';

export function cloudFileKind(args: ParsedArgs): CloudFileKind {
  const kind = single(args, '--kind') ?? 'ram';
  if (kind !== 'ram' && kind !== 'aws') throw new UsageError(`--kind ${kind}: expected ram or aws`);
  return kind;
}

export async function collectCloudFiles(paths: string[], kind: CloudFileKind): Promise<CollectResult> {
  if (kind === 'aws') return (await import('../../lib/collect/aws')).collectFromAwsAuthorizationDetails(paths);
  return (await import('../../lib/collect/ram')).collectFromRamFiles(paths);
}

export interface CloudQuestionSource {
  account: CloudAccount;
  notices: string[];
  /** Service accounts of clusters linked to the stored source (when asked for; never for --from). */
  workloads: WorkloadRoleLink[];
}

export async function loadCloudSource(args: ParsedArgs, opts: { withLinks: boolean }, io: CliIo): Promise<CloudQuestionSource> {
  const spec = sourceSpec(args);
  if (spec.kind === 'files') {
    const result = await collectCloudFiles(
      spec.paths.map((path) => inputPath(io, path)),
      cloudFileKind(args),
    );
    if (!result.ok) throw new UsageError(result.error.message);
    const account = buildCloudAccount(result.snapshot.objects);
    return { account, notices: [...result.snapshot.warnings, ...account.errors], workloads: [] };
  }
  if (single(args, '--kind') !== undefined) throw new UsageError('--kind goes with --from; a stored source knows its kind');
  const { loadCloudAccount, loadLinkedWorkloads } = await import('../../lib/server/cloud-account-index');
  const { resolveQuestion } = await import('../../lib/server/questions/resolve');
  const store = await openCliStore(io);
  try {
    // The one resolver: a cluster source is refused by name (wrong-kind, exit 2).
    const { snapshot } = await resolveQuestion(store, { source: spec.sourceName, snapshotId: spec.snapshotId, need: 'cloud' });
    const { account } = await loadCloudAccount(store, snapshot);
    const linked = opts.withLinks ? await loadLinkedWorkloads(store, spec.sourceName, account) : { workloads: [], notices: [] };
    return { account, notices: [...account.errors, ...linked.notices], workloads: linked.workloads };
  } finally {
    await store.close();
  }
}
