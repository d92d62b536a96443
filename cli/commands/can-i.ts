// `access-atlas can-i`: one request (exit 0 yes, 1 no, 2 bad input), or --batch.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { canI, impersonatedUser } from '../../lib/core/rbac';
import { requestNotes } from '../../lib/core/rbac/request-notes';
import type { AuthzIndex } from '../../lib/core/rbac';
import type { AuthzRequest, Decision } from '../../lib/core/rbac/types';
import { outputFormat, parseArgs, single, UsageError, type ParsedArgs } from '../args';
import { sourceSpec, SOURCE_FLAGS } from '../source-args';
import { loadQuestionSource } from '../load-question-source';
import { requestFromArgs } from '../request-args';
import { writeJson, writeNotices } from '../format';
import { inputPath, type CliIo } from '../io';

const FLAGS = {
  values: ['-n', '--subresource', '--as', '--as-group', '-o', '--batch', ...SOURCE_FLAGS],
  repeatable: ['--as-group', '--from'],
  aliases: { '--namespace': '-n', '--output': '-o' },
};

/** One line of --batch input: the authorizer's attributes, as a SubjectAccessReview carries them. */
const batchLineSchema = z.strictObject({
  user: z.string().default(''),
  groups: z.array(z.string()).default([]),
  verb: z.string().min(1),
  apiGroup: z.string().default(''),
  resource: z.string().default(''),
  subresource: z.string().default(''),
  namespace: z.string().default(''),
  name: z.string().default(''),
  path: z.string().default(''),
});

function decisionJson(decision: Decision): Decision {
  return { allowed: decision.allowed, matchedBy: decision.matchedBy };
}

function batchRequest(line: z.infer<typeof batchLineSchema>): AuthzRequest {
  if (line.path !== '') return { kind: 'nonResource', verb: line.verb, path: line.path };
  const { verb, apiGroup, resource, subresource, namespace, name } = line;
  return { kind: 'resource', verb, apiGroup, resource, subresource, namespace, name };
}

async function runBatch(index: AuthzIndex, file: string, io: CliIo): Promise<number> {
  const input = file === '-' ? io.stdin : createReadStream(inputPath(io, file));
  const lines = createInterface({ input, crlfDelay: Infinity });
  let bad = 0;
  let lineNumber = 0;
  const out: string[] = [];
  const flush = () => {
    if (out.length > 0) io.stdout.write(out.join(''));
    out.length = 0;
  };
  try {
    for await (const text of lines) {
      lineNumber++;
      if (text.trim() === '') continue;
      let answer: Decision & { error?: string };
      try {
        const line = batchLineSchema.parse(JSON.parse(text));
        // Batch lines carry raw authorizer attributes: groups are taken exactly as given.
        answer = decisionJson(canI(index, { name: line.user, groups: line.groups }, batchRequest(line)));
      } catch (error) {
        bad++;
        const reason = error instanceof z.ZodError ? z.prettifyError(error).replace(/\n/g, '; ') : (error as Error).message;
        answer = { allowed: false, matchedBy: [], error: `${file === '-' ? 'stdin' : file} line ${lineNumber}: ${reason}` };
      }
      out.push(JSON.stringify(answer) + '\n');
      if (out.length >= 512) flush();
    }
  } catch (error) {
    flush();
    throw new UsageError(`--batch ${file}: ${(error as Error).message}`);
  }
  flush();
  if (bad > 0) io.stderr.write(`error: ${bad} batch line(s) were not valid checks; their answers carry "error"\n`);
  return bad > 0 ? 2 : 0;
}

async function runSingle(args: ParsedArgs, io: CliIo): Promise<number> {
  const [verb, target] = args.positionals;
  if (verb === undefined || target === undefined)
    throw new UsageError('usage: access-atlas can-i VERB TYPE[.GROUP][/NAME] --as USER SOURCE');
  const as = single(args, '--as');
  if (as === undefined) throw new UsageError("--as USER is required (use --as '' for a request that carries only groups)");
  const request = requestFromArgs(verb, target, single(args, '-n') ?? '', single(args, '--subresource'));
  const format = outputFormat(args);
  const source = await loadQuestionSource(sourceSpec(args), io);
  writeNotices(io, [...source.notices, ...requestNotes(request, source.objects)]);
  const decision = canI(source.index, impersonatedUser(as, args.values.get('--as-group') ?? []), request);
  if (format === 'json') writeJson(io, decisionJson(decision));
  else io.stdout.write(decision.allowed ? 'yes\n' : 'no\n');
  return decision.allowed ? 0 : 1;
}

export async function runCanI(argv: string[], io: CliIo): Promise<number> {
  const batchGiven = argv.includes('--batch') || argv.some((a) => a.startsWith('--batch='));
  const args = parseArgs(argv, FLAGS, batchGiven ? 0 : 2);
  const batch = single(args, '--batch');
  if (batch === undefined) return runSingle(args, io);
  if (args.positionals.length > 0) throw new UsageError(`--batch takes no VERB or TYPE (got ${args.positionals.join(' ')})`);
  for (const flag of ['--as', '--as-group', '-n', '--subresource']) {
    if (args.values.has(flag)) throw new UsageError(`${flag} does not apply with --batch: each line names its own`);
  }
  if (args.values.has('-o') && outputFormat(args) !== 'json') throw new UsageError('--batch always writes JSON lines');
  const spec = sourceSpec(args);
  if (batch === '-' && spec.kind === 'files' && spec.paths.includes('-'))
    throw new UsageError('stdin cannot be both --batch - and --from -');
  const source = await loadQuestionSource(spec, io);
  writeNotices(io, source.notices);
  return runBatch(source.index, batch, io);
}
