// SOURCE, shared by every question command: `--from PATH...` (files, no database)
// or `--source NAME [--snapshot ID]` (a stored snapshot).
import { access, constants } from 'node:fs/promises';
import { resolve } from 'node:path';
import { sourceNameError } from '../lib/core/snapshot/source-name';
import { UsageError, single, type ParsedArgs } from './args';

export const SOURCE_FLAGS = ['--from', '--source', '--snapshot'] as const;

export type SourceSpec = { kind: 'files'; paths: string[] } | { kind: 'store'; sourceName: string; snapshotId?: number };

/**
 * The value of a flag that names a stored source (`--source`, `link --cluster/--cloud`), checked
 * against the one source-name rule (lib/core/snapshot/source-name.ts); undefined when not given.
 */
export function sourceNameFlag(args: ParsedArgs, flag: string): string | undefined {
  const name = single(args, flag);
  if (name === undefined) return undefined;
  const bad = sourceNameError(name, flag);
  if (bad) throw new UsageError(bad);
  return name;
}

export function sourceSpec(args: ParsedArgs): SourceSpec {
  const from = args.values.get('--from');
  const source = sourceNameFlag(args, '--source');
  const snapshot = single(args, '--snapshot');
  if (from && source) throw new UsageError('give either --from PATH... or --source NAME, not both');
  if (from) {
    if (snapshot !== undefined) throw new UsageError('--snapshot needs --source, not --from');
    return { kind: 'files', paths: from };
  }
  if (source === undefined) throw new UsageError('no SOURCE: give --from PATH... or --source NAME [--snapshot ID]');
  if (snapshot === undefined) return { kind: 'store', sourceName: source };
  if (!/^[1-9][0-9]*$/.test(snapshot)) throw new UsageError(`--snapshot ${snapshot}: not a snapshot id (a positive integer)`);
  return { kind: 'store', sourceName: source, snapshotId: Number(snapshot) };
}

/**
 * Input paths as a stored source keeps them: absolute (relative ones against the command's working
 * directory `cwd`), since the dashboard's scheduler runs them from its own working directory, not the
 * one the CLI was started in. '-' (stdin) stays as given.
 */
export function absoluteInputPaths(paths: readonly string[], cwd: string): string[] {
  return paths.map((path) => (path === '-' ? path : resolve(cwd, path)));
}

/**
 * Refuses (exit 2, bad input) inputs that cannot be read at all (a missing path, an unreadable file,
 * a directory without a .yaml, .yml or .json file) before anything is stored: a snapshot of them
 * is not a failed collection but a mistyped argument, and must not leave a source behind.
 */
export async function assertReadableInputs(paths: readonly string[]): Promise<void> {
  const { listInputs } = await import('../lib/collect/files/read-input');
  const refs = await listInputs(paths);
  if (!refs.ok) throw new UsageError(refs.error.message);
  if (refs.value.length === 0) throw new UsageError(`${paths.join(', ')}: no .yaml, .yml or .json file to read`);
  for (const ref of refs.value) if (ref.type === 'file') await assertReadable(ref.path, ref.path);
}

/** `what` names the argument in the error; the file's content is never read here. */
export async function assertReadable(path: string, what: string): Promise<void> {
  try {
    await access(path, constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot read ${what}: ${code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? 'unreadable')}`,
    );
  }
}
