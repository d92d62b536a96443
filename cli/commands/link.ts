// `access-atlas link --cluster NAME --cloud NAME --cluster-ref ID [-o json]`: ties a cluster source to
// the cloud account it runs in, so `ram who-can` on the cloud source lists the cluster's service
// accounts that can assume a granting role (RRSA/IRSA). ID is the ACK cluster id (RRSA's OIDC
// provider is ack-rrsa-<id>) or the EKS OIDC issuer URL. Re-linking a cluster replaces its link.
import { outputFormat, parseArgs, single, UsageError } from '../args';
import { writeJson } from '../format';
import type { CliIo } from '../io';
import { openCliStore } from '../open-store';
import { sourceNameFlag } from '../source-args';

const FLAGS = { values: ['--cluster', '--cloud', '--cluster-ref', '-o'], aliases: { '--output': '-o' } };

export async function runLink(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, FLAGS, 0);
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`);
  const clusterSource = sourceNameFlag(args, '--cluster');
  const cloudSource = sourceNameFlag(args, '--cloud');
  const clusterRef = single(args, '--cluster-ref');
  if (!clusterSource || !cloudSource || !clusterRef)
    throw new UsageError('usage: access-atlas link --cluster NAME --cloud NAME --cluster-ref ID');
  const format = outputFormat(args);
  const { StoreError } = await import('../../lib/store');
  const store = await openCliStore(io);
  try {
    const link = await store.links.set({ clusterSource, cloudSource, clusterRef });
    if (format === 'json') writeJson(io, link);
    else
      io.stdout.write(
        `linked cluster source "${link.clusterSource}" to cloud account source "${link.cloudSource}" (cluster ${link.clusterRef})\n`,
      );
    return 0;
  } catch (error) {
    if (error instanceof StoreError) throw new UsageError(error.message);
    throw error;
  } finally {
    await store.close();
  }
}
