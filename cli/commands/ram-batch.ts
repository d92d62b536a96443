// What `ram eval --batch` and `ram can-i --batch` share (cli/commands/ram-batch-eval.ts,
// ram-batch-can-i.ts): read one JSON request per line, write one `-o json` answer per line, in order,
// as `can-i --batch` does for RBAC (cli/commands/can-i.ts): blank lines are skipped but counted, a bad
// line is answered with an error naming it (`FILE line N: ...`), and the exit status is then 2.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { contextFromPairs } from '../../lib/core/ram/policy';
import type { RequestContext } from '../../lib/core/ram/policy/types';
import { outputFormat, UsageError, type ParsedArgs } from '../args';
import { inputPath, type CliIo, type CliOutput } from '../io';

/**
 * Why a text is not JSON, without quoting it: V8's messages include a slice of the text
 * (`Unexpected token 'a', "abc..." is not valid JSON`), and the text may be a file's contents.
 */
export function jsonSyntaxReason(error: unknown): string {
  const position = /at position (\d+)/.exec(error instanceof Error ? error.message : '');
  if (position) return `not valid JSON (at character ${Number(position[1]) + 1})`;
  if (error instanceof Error && error.message === 'Unexpected end of JSON input') return 'not valid JSON (it ends too early)';
  return 'not valid JSON';
}

/** Every issue as `path: message`, one line; zod's messages name types and keys, never values. */
export function zodReason(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}

/** A required non-empty string, with an example in the message. */
export function requiredText(example: string) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? `required (${example})` : `must be a string (${example})`) })
    .min(1, `must not be empty (${example})`);
}

/**
 * `context`: {KEY: VALUE or [VALUES]}, what repeating `--context KEY=VALUE` gives a single request.
 * `__proto__` is refused rather than dropped: a JSON object may hold it as a key, a JavaScript record not.
 */
export const contextSchema = z.record(
  z
    .string()
    .min(1, 'a context key must not be empty')
    .refine((key) => key !== '__proto__', 'a context key must not be __proto__'),
  z.union([z.string(), z.array(z.string())], { error: 'a context value must be a string or an array of strings' }),
  { error: 'must be an object {KEY: VALUE or [VALUES]}' },
);

/** The request context of a batch line: absent is the empty context, as no `--context` is for one request. */
export function contextFromObject(context: z.infer<typeof contextSchema> | undefined): RequestContext {
  const pairs = Object.entries(context ?? {}).flatMap(([key, value]) =>
    (typeof value === 'string' ? [value] : value).map((v) => [key, v] as const),
  );
  return contextFromPairs(pairs);
}

/** --batch replaces the one request's positionals and flags; `-o json` is allowed (it is what a batch writes). */
export function refuseSingleRequestArgs(args: ParsedArgs, flags: readonly string[], what: string): void {
  if (args.positionals.length > 0)
    throw new UsageError(`--batch takes no ${what} (got ${args.positionals.join(' ')}): each line names its own`);
  for (const flag of flags) {
    if (args.values.has(flag)) throw new UsageError(`${flag} does not apply with --batch: each line names its own`);
  }
  if (args.values.has('-o') && outputFormat(args) !== 'json') throw new UsageError('--batch always writes JSON lines');
}

/** Fails before any source is loaded when the batch file cannot be read. */
export async function checkBatchFile(file: string, io: CliIo): Promise<void> {
  if (file === '-') return;
  if (file === '') throw new UsageError('--batch needs a FILE or - for stdin');
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(inputPath(io, file))).isDirectory();
  } catch (error) {
    throw new UsageError(`--batch ${file}: ${(error as Error).message}`);
  }
  if (isDirectory) throw new UsageError(`--batch ${file}: a directory, not a file of JSON lines`);
}

/** A line's answer (its `-o json` object), or why the line is not a valid request. */
export type LineOutcome = { ok: true; answer: unknown } | { ok: false; error: string };

export interface JsonLinesBatch {
  /** A path, or '-' for stdin. */
  file: string;
  /** Answers one parsed line; `where` ("FILE line N") is for notes about it. */
  answer(value: unknown, where: string): Promise<LineOutcome> | LineOutcome;
  /** The answer to a bad line: the command's answer shape with nothing in it, plus `error`. */
  errorAnswer(error: string): Record<string, unknown>;
}

const CHUNK_LINES = 256;

/** Collects answer lines and writes them in chunks, waiting for 'drain' when the reader is slower. */
class ChunkedWriter {
  private lines: string[] = [];

  constructor(private readonly out: CliOutput) {}

  async push(line: string): Promise<void> {
    this.lines.push(line);
    if (this.lines.length >= CHUNK_LINES) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.lines.length === 0) return;
    const text = this.lines.join('');
    this.lines = [];
    if (!this.out.write(text)) await this.out.drained();
  }
}

/** Streams the lines of `batch.file` through `batch.answer`; exit 0 when every line was a valid request, else 2. */
export async function answerJsonLines(batch: JsonLinesBatch, io: CliIo): Promise<number> {
  const label = batch.file === '-' ? 'stdin' : batch.file;
  const input = batch.file === '-' ? io.stdin : createReadStream(inputPath(io, batch.file));
  const lines = createInterface({ input, crlfDelay: Infinity });
  const writer = new ChunkedWriter(io.stdout);
  let bad = 0;
  let lineNumber = 0;
  try {
    for await (const text of lines) {
      lineNumber++;
      if (text.trim() === '') continue;
      const where = `${label} line ${lineNumber}`;
      let value: unknown;
      let outcome: LineOutcome | undefined;
      try {
        value = JSON.parse(text);
      } catch (error) {
        outcome = { ok: false, error: jsonSyntaxReason(error) };
      }
      outcome ??= await batch.answer(value, where);
      if (!outcome.ok) bad++;
      const answer = outcome.ok ? outcome.answer : batch.errorAnswer(`${where}: ${outcome.error}`);
      await writer.push(JSON.stringify(answer) + '\n');
    }
  } catch (error) {
    await writer.flush();
    throw new UsageError(`--batch ${batch.file}: ${(error as Error).message}`);
  }
  await writer.flush();
  if (bad > 0) io.stderr.write(`error: ${bad} batch line(s) were not valid requests; their answers carry "error"\n`);
  return bad > 0 ? 2 : 0;
}
