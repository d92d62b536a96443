// `access-atlas diff`: what changed between two snapshots of a source (or two dumps): objects,
// permissions, and the findings gained and resolved. With --exit-code, exits 1 when anything
// changed, as `git diff --exit-code`.
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
import { serviceAccountSecretsOf } from '../../lib/core/findings';
import { markText, partyText, scopeText } from '../../lib/core/findings/format';
import type { Finding } from '../../lib/core/findings/types';
import { toClusterObjects } from '../../lib/core/kube/to-cluster-objects';
import { buildAuthzIndex } from '../../lib/core/rbac';
import type { DiffAnswer, DiffFindings } from '../../lib/server/drift';
import type { FindingsAnswer } from '../../lib/server/questions/findings';
import { outputFormat, parseArgs, single, UsageError } from '../args';
import { writeJson, writeNotices } from '../format';
import { inputPath, type CliIo } from '../io';
import { openCliStore } from '../open-store';
import { sourceNameFlag } from '../source-args';

const FLAGS = { values: ['-o', '--source', '--from', '--to'], booleans: ['--exit-code'], aliases: { '--output': '-o' } };
const USAGE = 'usage: access-atlas diff --source NAME FROM TO [-o json] [--exit-code] | diff --from PATH --to PATH [-o json] [--exit-code]';
/** Lines of detail per section in the human summary; -o json has everything. */
const MAX_SUBJECTS = 25;
const MAX_FINDINGS = 25;

interface Compared {
  title: string;
  diff: DiffResult;
  findings: DiffFindings;
}

interface FileSide {
  side: DiffSide;
  findings: FindingsAnswer;
}

/** A dump read once (stdin cannot be read twice): its objects for the diff, its findings as `findings --from` evaluates them. */
async function fileSide(path: string, io: CliIo): Promise<FileSide> {
  const { collectFromFiles } = await import('../../lib/collect/files');
  const { evaluateFindings } = await import('../../lib/server/questions/findings');
  const result = await collectFromFiles([inputPath(io, path)], { stdin: io.stdin });
  if (!result.ok) throw new UsageError(result.error.message);
  writeNotices(
    io,
    result.snapshot.warnings.map((w) => `${path}: ${w}`),
  );
  const { objects, missingKinds } = result.snapshot;
  const index = buildAuthzIndex(toClusterObjects(objects.map((o) => o.body)));
  const serviceAccountSecrets = serviceAccountSecretsOf(objects.filter((o) => o.kind === 'ServiceAccount').map((o) => o.body));
  const input = { source: path, index, missingKinds: missingKinds.map((m) => m.kind), serviceAccountSecrets };
  // Files carry no suppressions; the clock only decides which suppressions are in force.
  const findings = evaluateFindings(input, {}, [], new Date());
  return { side: { label: path, objects, missingKinds }, findings };
}

async function filesDiff(fromPath: string, toPath: string, io: CliIo): Promise<Compared> {
  const { findingsDriftOf } = await import('../../lib/server/drift');
  const [a, b] = [await fileSide(fromPath, io), await fileSide(toPath, io)];
  const findings = findingsDriftOf(a.findings, b.findings, { before: fromPath, after: toPath });
  return { title: `${fromPath} → ${toPath}`, diff: diffSnapshots(a.side, b.side), findings };
}

async function storeDiff(sourceName: string, fromSpec: string, toSpec: string, io: CliIo): Promise<Compared> {
  const { diffSource } = await import('../../lib/server/drift');
  const { SnapshotUnavailableError } = await import('../../lib/server/snapshot-index');
  const store = await openCliStore(io);
  try {
    // The process clock, read here: it decides which of the source's suppressions are in force.
    const drift = await diffSource(store, sourceName, fromSpec, toSpec, new Date());
    const when = (d: Date) => d.toISOString().slice(0, 16).replace('T', ' ');
    const title = `${sourceName}: snapshot ${drift.from.id} (${when(drift.from.startedAt)} UTC) → snapshot ${drift.to.id} (${when(drift.to.startedAt)} UTC)`;
    return { title, diff: drift.diff, findings: drift.findings };
  } catch (error) {
    if (error instanceof SnapshotUnavailableError) throw new UsageError(error.message);
    throw error;
  } finally {
    await store.close();
  }
}

function findingLine(sign: string, f: Finding): string {
  const mark = markText(f);
  return `  ${sign} ${f.severity} ${f.rule} ${partyText(f.subject ?? f.object)} ${scopeText(f.scope)}${mark ? ` (${mark})` : ''}`;
}

function findingsSection(findings: DiffFindings): string[] {
  const { gained, resolved, notEvaluated } = findings;
  const lines = [`Findings: ${gained.length} gained, ${resolved.length} resolved, highest severity first`];
  for (const [sign, list] of [
    ['+', gained],
    ['-', resolved],
  ] as const) {
    for (const f of list.slice(0, MAX_FINDINGS)) lines.push(findingLine(sign, f));
    if (list.length > MAX_FINDINGS) lines.push(`  ${sign} ... and ${list.length - MAX_FINDINGS} more; -o json lists every finding`);
  }
  for (const n of notEvaluated) lines.push(`  not compared: ${n.rule}: ${n.reason}`);
  return lines;
}

function summary({ title, diff, findings }: Compared): string {
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
  lines.push(...findingsSection(findings));
  return lines.join('\n') + '\n';
}

export async function runDiff(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, FLAGS, 2);
  const format = outputFormat(args);
  const source = sourceNameFlag(args, '--source');
  const fromPath = single(args, '--from');
  const toPath = single(args, '--to');
  let result: Compared;
  if (source !== undefined) {
    if (fromPath !== undefined || toPath !== undefined)
      throw new UsageError('give --source NAME FROM TO, or --from PATH --to PATH, not both');
    const [fromSpec, toSpec, ...extra] = args.positionals;
    if (source === '' || fromSpec === undefined || toSpec === undefined || extra.length > 0) throw new UsageError(USAGE);
    result = await storeDiff(source, fromSpec, toSpec, io);
  } else {
    if (fromPath === undefined || toPath === undefined || args.positionals.length > 0) throw new UsageError(USAGE);
    result = await filesDiff(fromPath, toPath, io);
  }
  writeNotices(io, result.diff.notices);
  // The diff's keys as they always were, then `findings` (GET /api/diff's shape).
  const answer: DiffAnswer = { ...result.diff, findings: result.findings };
  if (format === 'json') writeJson(io, answer);
  else io.stdout.write(summary(result));
  return args.booleans.has('--exit-code') && hasChanges(result.diff) ? 1 : 0;
}
