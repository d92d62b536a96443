// `access-atlas findings`: what is dangerous in a cluster, from dumps or a stored source, as a table,
// the findings JSON (the API's) or SARIF for code scanning; with a baseline, only what the baseline
// lacks (a pull request's new risks), and `--fail-on` to gate CI. Exit 0, 1 when --fail-on finds
// something at or above it, 2 bad input or no answer.
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findingRows, findingsSummary, FINDINGS_HEADER, notEvaluatedLines } from '../../lib/core/findings/format';
import { buildSarif, type ManifestLocation } from '../../lib/core/findings/sarif';
import { locateManifestObjects } from '../../lib/core/findings/sarif-locations';
import { isSeverity, SEVERITIES, severityRank, type FindingParty, type Severity } from '../../lib/core/findings/types';
import type { FindingsAnswer, FindingsQuery } from '../../lib/server/questions/findings';
import { parseArgs, single, UsageError, type ParsedArgs } from '../args';
import { table, writeJson, writeNotices } from '../format';
import { inputPath, type CliIo } from '../io';
import { loadQuestionSource } from '../load-question-source';
import { openCliStore } from '../open-store';
import { sourceNameFlag, sourceSpec, SOURCE_FLAGS, type SourceSpec } from '../source-args';
import { collectCloudFiles, type CloudFileKind } from './ram-source';

export const FINDINGS_USAGE =
  'usage: access-atlas findings SOURCE [--kind ram|aws] [--rule ID]... [--min-severity S] ' +
  '[--baseline-from PATH... | --baseline-source NAME [--baseline-snapshot ID]] [--fail-on S] [--hide-builtin] [-o json|sarif]';

const FLAGS = {
  values: [
    '--rule',
    '--min-severity',
    '--baseline-from',
    '--baseline-source',
    '--baseline-snapshot',
    '--fail-on',
    '--kind',
    '--cluster-ref',
    '-o',
    ...SOURCE_FLAGS,
  ],
  repeatable: ['--from', '--rule', '--baseline-from'],
  booleans: ['--hide-builtin'],
  aliases: { '--output': '-o' },
};

type Format = 'text' | 'json' | 'sarif';

type Baseline = { kind: 'files'; paths: string[] } | { kind: 'store'; sourceName: string; snapshotId?: number };

/** What the command answers, before it is printed: the findings reported and the notes for stderr. */
interface Answer extends FindingsAnswer {
  notices: string[];
}

/**
 * `--baseline-from a b c` as `--baseline-from a --baseline-from b --baseline-from c`: the command takes
 * no positionals, so the words after a --baseline-from value are more baseline paths, as they are after --from.
 */
function expandBaselinePaths(argv: readonly string[]): string[] {
  const out: string[] = [];
  let inBaseline = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const isFlag = token.startsWith('-') && token !== '-';
    if (inBaseline && !isFlag) {
      out.push('--baseline-from', token);
      continue;
    }
    inBaseline = false;
    out.push(token);
    if (token === '--baseline-from' && i + 1 < argv.length) {
      out.push(argv[++i] as string);
      inBaseline = true;
    } else if (token.startsWith('--baseline-from=')) inBaseline = true;
  }
  return out;
}

function severityFlag(args: ParsedArgs, flag: string): Severity | undefined {
  const value = single(args, flag);
  if (value === undefined) return undefined;
  if (!isSeverity(value)) throw new UsageError(`${flag} ${value}: not a severity (${SEVERITIES.join(', ')})`);
  return value;
}

function formatFlag(args: ParsedArgs): Format {
  const o = single(args, '-o');
  if (o === undefined) return 'text';
  if (o === 'json' || o === 'sarif') return o;
  throw new UsageError(`-o ${o}: give json or sarif (the default is a table)`);
}

function snapshotIdFlag(args: ParsedArgs, flag: string): number | undefined {
  const value = single(args, flag);
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(value)) throw new UsageError(`${flag} ${value}: not a snapshot id (a positive integer)`);
  return Number(value);
}

function baselineOf(args: ParsedArgs): Baseline | undefined {
  const paths = args.values.get('--baseline-from');
  const sourceName = sourceNameFlag(args, '--baseline-source');
  const snapshotId = snapshotIdFlag(args, '--baseline-snapshot');
  if (paths && sourceName !== undefined) throw new UsageError('give either --baseline-from PATH... or --baseline-source NAME, not both');
  if (paths) {
    if (snapshotId !== undefined) throw new UsageError('--baseline-snapshot needs --baseline-source, not --baseline-from');
    return { kind: 'files', paths };
  }
  if (sourceName === undefined) {
    if (snapshotId !== undefined) throw new UsageError('--baseline-snapshot needs --baseline-source NAME');
    return undefined;
  }
  return { kind: 'store', sourceName, ...(snapshotId !== undefined && { snapshotId }) };
}

/**
 * `--kind ram|aws` reads the --from (and --baseline-from) files as a cloud account export, asked the cloud
 * rules; a stored source knows its kind. Cross-layer links (`--cluster-ref`) come with the cross-layer rules.
 */
function cloudKindOf(args: ParsedArgs, spec: SourceSpec): CloudFileKind | undefined {
  const kind = single(args, '--kind');
  if (single(args, '--cluster-ref') !== undefined) {
    throw new UsageError(
      '--cluster-ref links a cluster to its cloud account for the cross-layer rules, which are not part of findings yet',
    );
  }
  if (kind === undefined) return undefined;
  if (kind !== 'ram' && kind !== 'aws') throw new UsageError(`--kind ${kind}: expected ram or aws (Kubernetes files need no --kind)`);
  if (spec.kind !== 'files') throw new UsageError('--kind goes with --from; a stored source knows its kind');
  return kind;
}

/** Findings of SOURCE: files through the CLI's one loader (no suppressions), a stored source through askFindings. */
async function findingsOf(spec: SourceSpec | Baseline, query: FindingsQuery, io: CliIo, cloud?: CloudFileKind): Promise<Answer> {
  const { answerFindings, askFindings, evaluateCloudObjects, evaluateFindings } = await import('../../lib/server/questions/findings');
  // The process clock, read here (never in lib/core): it decides which stored suppressions are in force.
  const now = new Date();
  if (spec.kind === 'files' && cloud !== undefined) {
    const collected = await collectCloudFiles(
      spec.paths.map((path) => inputPath(io, path)),
      cloud,
    );
    if (!collected.ok) throw new UsageError(collected.error.message);
    const evaluated = evaluateCloudObjects(spec.paths.join(', '), collected.snapshot.objects, now);
    return { ...answerFindings(evaluated, query, [], now), notices: collected.snapshot.warnings };
  }
  if (spec.kind === 'files') {
    const loaded = await loadQuestionSource({ kind: 'files', paths: spec.paths }, io);
    const input = {
      source: spec.paths.join(', '),
      index: loaded.index,
      missingKinds: [],
      serviceAccountSecrets: loaded.serviceAccountSecrets ?? [],
    };
    const answer = evaluateFindings(input, query, [], now);
    return { ...answer, notices: loaded.notices };
  }
  const store = await openCliStore(io);
  try {
    const asked = await askFindings(store, { ...query, source: spec.sourceName, snapshotId: spec.snapshotId }, now);
    const notices: string[] = [];
    if (asked.snapshot.status === 'partial') {
      const missing = asked.snapshot.missingKinds.map((m) => `${m.kind} (${m.reason})`).join(', ');
      notices.push(`snapshot ${asked.snapshot.id} of "${asked.source.name}" is partial; it lacks ${missing}`);
    }
    return { findings: asked.findings, notEvaluated: asked.notEvaluated, expired: asked.expired, notices };
  } finally {
    await store.close();
  }
}

function expiredNotices(answer: FindingsAnswer): string[] {
  return answer.expired.map(
    (s) => `suppression #${s.id} of ${s.rule} (${s.owner}) expired at ${s.expiresAt}: the findings it matched are reported again`,
  );
}

/** A path as a SARIF artifact URI: relative to the working directory with `/`, else a file: URI. */
function artifactUri(cwd: string, path: string): string {
  const absolute = resolve(cwd, path);
  const rel = relative(cwd, absolute);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return pathToFileURL(absolute).href;
  return rel.split(sep).map(encodeURIComponent).join('/');
}

/** Where each object of the files starts, read again from the same files (stdin is read once, by the loader). */
async function manifestLocator(paths: readonly string[], io: CliIo): Promise<(party: FindingParty) => ManifestLocation | undefined> {
  const { listInputs } = await import('../../lib/collect/files/read-input');
  const refs = await listInputs(paths.map((p) => inputPath(io, p)));
  const at = new Map<string, ManifestLocation>();
  for (const ref of refs.ok ? refs.value : []) {
    if (ref.type !== 'file') continue;
    const text = await readFile(ref.path, 'utf8');
    const uri = artifactUri(io.cwd, ref.path);
    // The last of a repeated object is the one the loader kept.
    for (const o of locateManifestObjects(text)) {
      const location = { uri, startLine: o.line };
      at.set(`${o.kind}/${o.namespace}/${o.name}`, location);
      // A cluster-scoped object may be written with a namespace, which the API server (and the loader) ignores.
      at.set(`${o.kind}/*/${o.name}`, location);
    }
  }
  return (party) => {
    if (party.namespace === undefined) return at.get(`${party.kind}//${party.name}`) ?? at.get(`${party.kind}/*/${party.name}`);
    // An object written without a namespace is in `default`, as `kubectl apply` puts it.
    return (
      at.get(`${party.kind}/${party.namespace}/${party.name}`) ??
      (party.namespace === 'default' ? at.get(`${party.kind}//${party.name}`) : undefined)
    );
  };
}

function writeText(io: CliIo, answer: FindingsAnswer, baseline: Baseline | undefined): void {
  if (answer.findings.length === 0) io.stdout.write(baseline ? 'No finding the baseline lacks.\n' : 'No findings.\n');
  else io.stdout.write(table([...FINDINGS_HEADER], findingRows(answer.findings)));
  for (const line of notEvaluatedLines(answer.notEvaluated)) io.stdout.write(`${line}\n`);
  io.stdout.write(`${baseline ? 'new: ' : ''}${findingsSummary(answer)}\n`);
}

export async function runFindings(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(expandBaselinePaths(argv), FLAGS, 0);
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}\n${FINDINGS_USAGE}`);
  const format = formatFlag(args);
  const rules = args.values.get('--rule') ?? [];
  const minSeverity = severityFlag(args, '--min-severity');
  const failOn = severityFlag(args, '--fail-on');
  const baseline = baselineOf(args);
  const spec = sourceSpec(args);
  const cloud = cloudKindOf(args, spec);
  const { checkRuleIds, rulesOfLayer } = await import('../../lib/server/questions/findings');
  checkRuleIds(rules, '--rule');
  const query: FindingsQuery = {
    ...(rules.length > 0 && { rules }),
    ...(minSeverity !== undefined && { minSeverity }),
    hideBuiltin: args.booleans.has('--hide-builtin'),
  };

  const head = await findingsOf(spec, query, io, cloud);
  let answer: FindingsAnswer = head;
  const notices = [...head.notices, ...expiredNotices(head)];
  if (baseline) {
    // Every finding of the baseline counts, whatever the filters: a known risk is not new because it was hidden there.
    const before = await findingsOf(baseline, rules.length > 0 ? { rules } : {}, io, cloud);
    notices.push(...before.notices.map((n) => `baseline: ${n}`));
    const known = new Set(before.findings.map((f) => f.id));
    answer = { ...head, findings: head.findings.filter((f) => !known.has(f.id)) };
    // A rule the baseline could not evaluate has no known findings: all of its findings are new, and that is said.
    for (const skipped of before.notEvaluated) {
      const count = answer.findings.filter((f) => f.rule === skipped.rule).length;
      if (count > 0) notices.push(`baseline: ${skipped.rule} was not evaluated (${skipped.reason}): its ${count} finding(s) count as new`);
    }
  }
  writeNotices(io, notices);

  if (format === 'json') writeJson(io, { findings: answer.findings, notEvaluated: answer.notEvaluated });
  else if (format === 'sarif') {
    // Manifest lines for Kubernetes files; a cloud export, like a stored source, gets logical locations.
    const locate = spec.kind === 'files' && cloud === undefined ? await manifestLocator(spec.paths, io) : undefined;
    const layer =
      cloud !== undefined || answer.findings.some((f) => f.layer === 'cloud') || answer.notEvaluated.some((n) => n.rule.startsWith('ram.'))
        ? 'cloud'
        : 'kubernetes';
    const catalog = rulesOfLayer(layer).filter((r) => rules.length === 0 || rules.includes(r.id));
    const log = buildSarif({ result: answer, rules: catalog, ...(locate && { locate }) });
    io.stdout.write(JSON.stringify(log, null, 2) + '\n');
  } else writeText(io, answer, baseline);

  if (failOn === undefined) return 0;
  const gated = answer.findings.filter((f) => !f.suppressed && severityRank(f.severity) >= severityRank(failOn));
  if (gated.length === 0) return 0;
  const what = baseline ? 'new finding(s) the baseline lacks' : 'finding(s)';
  io.stderr.write(`${gated.length} unsuppressed ${what} at or above ${failOn} (--fail-on ${failOn})\n`);
  return 1;
}
