// SOURCE, shared by every question command: `--from PATH...` (files, no database)
// or `--source NAME [--snapshot ID]` (a stored snapshot).
import { UsageError, single, type ParsedArgs } from './args';

export const SOURCE_FLAGS = ['--from', '--source', '--snapshot'] as const;

export type SourceSpec = { kind: 'files'; paths: string[] } | { kind: 'store'; sourceName: string; snapshotId?: number };

export function sourceSpec(args: ParsedArgs): SourceSpec {
  const from = args.values.get('--from');
  const source = single(args, '--source');
  const snapshot = single(args, '--snapshot');
  if (from && source) throw new UsageError('give either --from PATH... or --source NAME, not both');
  if (from) {
    if (snapshot !== undefined) throw new UsageError('--snapshot needs --source, not --from');
    return { kind: 'files', paths: from };
  }
  if (source === undefined) throw new UsageError('no SOURCE: give --from PATH... or --source NAME [--snapshot ID]');
  if (source === '') throw new UsageError('--source needs a non-empty name');
  if (snapshot === undefined) return { kind: 'store', sourceName: source };
  if (!/^[1-9][0-9]*$/.test(snapshot)) throw new UsageError(`--snapshot ${snapshot}: not a snapshot id (a positive integer)`);
  return { kind: 'store', sourceName: source, snapshotId: Number(snapshot) };
}
