// The cloud half of `access-atlas snapshot`: `--ram [--profile NAME]` reads a live Alibaba Cloud
// account through the RAM API (read-only; credentials from the SDK's default chain or the named
// aliyun CLI profile, never stored), `--from PATH... --kind ram|aws` imports an export. Both store
// a 'cloud-account' source.
import type { CollectResult, JsonObject } from '../../lib/core/snapshot/types';
import { single, UsageError, type ParsedArgs } from '../args';
import { absoluteInputPaths, assertReadableInputs } from '../source-args';
import { cloudFileKind, collectCloudFiles } from './ram-source';

export const CLOUD_SNAPSHOT_VALUES = ['--profile', '--kind'] as const;
export const CLOUD_SNAPSHOT_BOOLEANS = ['--ram'] as const;

export interface CloudSnapshotPlan {
  kind: 'cloud-account';
  defaultSourceName: string;
  connection: JsonObject;
  origin: string;
  /** Refuses inputs that cannot be read (exit 2) before the store is opened. */
  check: () => Promise<void>;
  collect: () => Promise<CollectResult>;
}

/**
 * The cloud plan when the arguments ask for one (--ram or --kind), else null (a cluster snapshot).
 * `cwd`: the command's working directory, that relative --from paths are relative to.
 */
export function cloudSnapshotPlan(args: ParsedArgs, cwd: string): CloudSnapshotPlan | null {
  const ram = args.booleans.has('--ram');
  const profile = single(args, '--profile');
  const kindGiven = single(args, '--kind') !== undefined;
  if (!ram && !kindGiven) {
    if (profile !== undefined) throw new UsageError('--profile goes with --ram');
    return null;
  }
  const from = args.values.get('--from');
  for (const flag of ['--kubeconfig', '--context'] as const)
    if (single(args, flag) !== undefined) throw new UsageError(`${flag} is for clusters, not with --ram or --kind`);
  if (args.booleans.has('--in-cluster')) throw new UsageError('--in-cluster is for clusters, not with --ram or --kind');
  if (ram) {
    if (from || kindGiven)
      throw new UsageError('give --ram [--profile NAME] (live account) or --from PATH... --kind ram|aws (an export), not both');
    return {
      kind: 'cloud-account',
      defaultSourceName: 'ram',
      connection: { type: 'ram-api', ...(profile ? { profile } : {}) },
      origin: `RAM API${profile ? ` profile ${profile}` : ''}`,
      check: async () => {},
      collect: async () => (await import('../../lib/collect/ram')).collectFromRamAccount(profile ? { profile } : {}),
    };
  }
  if (!from) throw new UsageError('--kind needs --from PATH... (or use --ram for a live account)');
  if (profile !== undefined) throw new UsageError('--profile goes with --ram, not --from');
  const kind = cloudFileKind(args);
  const paths = absoluteInputPaths(from, cwd);
  return {
    kind: 'cloud-account',
    defaultSourceName: kind,
    // The connection types runSnapshot (lib/server/run-snapshot.ts) runs, so the dashboard's scheduler can re-read them.
    connection: { type: kind === 'aws' ? 'aws-files' : 'ram-files', paths },
    origin: `files: ${paths.join(', ')}`,
    check: () => assertReadableInputs(paths),
    collect: () => collectCloudFiles(paths, kind),
  };
}
