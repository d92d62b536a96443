// `access-atlas diff`: what changed between two snapshots of a source (or two dumps), objects
// and permissions. With --exit-code, exits 1 when anything changed, as `git diff --exit-code`.
//   access-atlas diff --source NAME FROM TO [-o json] [--exit-code]
//   access-atlas diff --from DIR_OR_FILE --to DIR_OR_FILE [-o json] [--exit-code]
import {
  diffSnapshots,
  groupBySubject,
  grantsSummary,
  hasChanges,
  objectText,
  subjectText,
  type DiffResult,
  type DiffSide,
} from '../../lib/core/diff';
import { outputFormat, parseArgs, single, UsageError } from '../args';
import { writeJson, writeNotices } from '../format';
import { inputPath, type CliIo } from '../io';
import { openCliStore } from '../open-store';
import { sourceNameFlag } from '../source-args';

const FLAGS = { values: ['-o', '--source', '--from', '--to'], booleans: ['--exit-code'], aliases: { '--output': '-o' } };
const USAGE = 'usage: access-atlas diff --source NAME FROM TO [-o json] [--exit-code] | diff --from PATH --to PATH [-o json] [--exit-code]';
/** Lines of detail per section in the human summary; -o json has everything. */
const MAX_SUBJECTS = 25;

async function fileSide(path: string, io: CliIo): Promise<DiffSide> {
  const { collectFromFiles } = await import('../../lib/collect/files');
  const result = await collectFromFiles([inputPath(io, path)], { stdin: io.stdin });
  if (!result.ok) throw new UsageError(result.error.message);
  writeNotices(
    io,
    result.snapshot.warnings.map((w) => `${path}: ${w}`),
  );
  return { label: path, objects: result.snapshot.objects, missingKinds: result.snapshot.missingKinds };
}

async function storeDiff(sourceName: string, fromSpec: string, toSpec: string, io: CliIo): Promise<{ title: string; diff: DiffResult }> {
  const { diffSource } = await import('../../lib/server/drift');
  const { SnapshotUnavailableError } = await import('../../lib/server/snapshot-index');
  const store = await openCliStore(io);
  try {
    const drift = await diffSource(store, sourceName, fromSpec, toSpec);
    const when = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');
    const title = `${sourceName}: snapshot ${drift.from.id} (${when(drift.from.startedAt)} UTC) → snapshot ${drift.to.id} (${when(drift.to.startedAt)} UTC)`;
    return { title, diff: drift.diff };
  } catch (error) {
    if (error instanceof SnapshotUnavailableError) throw new UsageError(error.message);
    throw error;
  } finally {
    await store.close();
  }
}

function summary(title: string, diff: DiffResult): string {
  const o = diff.objects;
  const lines = [title, `Objects: ${o.added.length} added, ${o.removed.length} removed, ${o.changed.length} changed`];
  for (const r of o.added) lines.push(`  + ${objectText(r)}`);
  for (const r of o.removed) lines.push(`  - ${objectText(r)}`);
  for (const c of o.changed) {
    lines.push(`  ~ ${objectText(c)}`);
    for (const change of c.changes) lines.push(`      ${change.text}`);
  }
  const p = diff.permissions;
  lines.push(`Permissions: ${p.gained.length} grant(s) gained, ${p.lost.length} lost, by subject, highest impact first`);
  const subjects = groupBySubject(p);
  for (const s of subjects.slice(0, MAX_SUBJECTS)) {
    lines.push(`  ${subjectText(s.subject)}`);
    for (const g of s.groups) {
      lines.push(`    ${g.direction === 'gained' ? '+' : '-'} ${g.direction} ${grantsSummary(g.grants)}`);
      const because = g.causes.map((c) => c.text).join('; ') || 'no single object change explains it';
      lines.push(`      because ${because}`);
    }
  }
  if (subjects.length > MAX_SUBJECTS) lines.push(`  ... and ${subjects.length - MAX_SUBJECTS} more subject(s); -o json lists every change`);
  return lines.join('\n') + '\n';
}

export async function runDiff(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, FLAGS, 2);
  const format = outputFormat(args);
  const source = sourceNameFlag(args, '--source');
  const fromPath = single(args, '--from');
  const toPath = single(args, '--to');
  let result: { title: string; diff: DiffResult };
  if (source !== undefined) {
    if (fromPath !== undefined || toPath !== undefined)
      throw new UsageError('give --source NAME FROM TO, or --from PATH --to PATH, not both');
    const [fromSpec, toSpec, ...extra] = args.positionals;
    if (source === '' || fromSpec === undefined || toSpec === undefined || extra.length > 0) throw new UsageError(USAGE);
    result = await storeDiff(source, fromSpec, toSpec, io);
  } else {
    if (fromPath === undefined || toPath === undefined || args.positionals.length > 0) throw new UsageError(USAGE);
    const [a, b] = [await fileSide(fromPath, io), await fileSide(toPath, io)];
    result = { title: `${fromPath} → ${toPath}`, diff: diffSnapshots(a, b) };
  }
  writeNotices(io, result.diff.notices);
  if (format === 'json') writeJson(io, result.diff);
  else io.stdout.write(summary(result.title, result.diff));
  return args.booleans.has('--exit-code') && hasChanges(result.diff) ? 1 : 0;
}
