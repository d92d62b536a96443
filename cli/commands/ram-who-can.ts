// `access-atlas ram who-can ACTION RESOURCE SOURCE [--context KEY=VALUE]... [--resource-group ID] [-o json]`:
// users, groups and roles allowed (or allowed under conditions) with every path, and, for a stored
// source linked to cluster sources, the service accounts that can assume a granting role.
import { crossLayerWhoCan } from '../../lib/core/links';
import { parseContextPairs } from '../../lib/core/ram/account';
import { outputFormat, parseArgs, single, UsageError } from '../args';
import { table, writeJson, writeNotices } from '../format';
import type { CliIo } from '../io';
import { pathText } from './ram-format';
import { loadCloudSource, RAM_SOURCE_FLAGS } from './ram-source';

const FLAGS = {
  values: ['--context', '--resource-group', '-o', ...RAM_SOURCE_FLAGS],
  repeatable: ['--from', '--context'],
  aliases: { '--output': '-o' },
};

export async function runRamWhoCan(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, FLAGS, 2);
  const [action, resource, ...extra] = args.positionals;
  if (action === undefined || resource === undefined || extra.length > 0) {
    throw new UsageError('usage: access-atlas ram who-can ACTION RESOURCE SOURCE [--context KEY=VALUE]... [-o json]');
  }
  const context = parseContextPairs(args.values.get('--context') ?? []);
  if (!context.ok) throw new UsageError(context.error);
  const format = outputFormat(args);
  const resourceGroupId = single(args, '--resource-group');
  const source = await loadCloudSource(args, { withLinks: true }, io);
  writeNotices(io, source.notices);
  const request = {
    action,
    resource,
    ...(context.value ? { context: context.value } : {}),
    ...(resourceGroupId ? { resourceGroupId } : {}),
  };
  const answer = crossLayerWhoCan(source.account, request, source.workloads);
  if (format === 'json') {
    writeJson(io, answer);
    return 0;
  }
  if (answer.principals.length === 0) {
    io.stdout.write('No principal is allowed this request.\n');
    return 0;
  }
  const rows = answer.principals.flatMap((p) => {
    const name = p.kind === 'ServiceAccount' ? `${p.cluster ?? ''}:${p.namespace ?? ''}/${p.name}` : p.name;
    const conditions = p.conditions.map((c) => JSON.stringify(c.condition ?? {})).join(' ');
    return p.paths.map((path, i) => [
      i === 0 ? p.kind : '',
      i === 0 ? name : '',
      i === 0 ? p.decision : '',
      pathText(path),
      i === 0 ? conditions : '',
    ]);
  });
  io.stdout.write(table(['KIND', 'NAME', 'DECISION', 'PATH', 'CONDITIONS'], rows));
  return 0;
}
