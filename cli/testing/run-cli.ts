// The CLI in a test's process: main(argv, io) with collected output, the test's stdin, environment and
// working directory. What a user sees, without the 0.4-1.5 CPU-seconds of a spawn (node, tsx, imports)
// per question; cli/cli.test.ts checks that its answers equal a spawned CLI's.
import { Readable } from 'node:stream';
import type { CliIo, CliOutput } from '../io';
import { main } from '../main';

export interface RunCliOptions {
  /** What the command reads on stdin; without it, stdin is empty (at its end at once). */
  input?: string;
  /** Merged over this process's environment; `undefined` removes a variable (DATABASE_URL, say). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Default: this process's working directory. */
  cwd?: string;
  /** What io.untilStopped() resolves with (the scheduler's Ctrl-C); without it, that is an error. */
  stop?: Promise<string>;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function collect(into: string[]): CliOutput {
  return {
    write: (text) => {
      into.push(text);
      return true;
    },
    drained: () => Promise.resolve(),
  };
}

export interface BufferedIo {
  io: CliIo;
  /** What was written so far. */
  output: () => { stdout: string; stderr: string };
}

/** A CliIo whose stdout and stderr are collected, for a test that calls a command directly. */
export function bufferedIo(opts: RunCliOptions = {}): BufferedIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = {
    // Bytes, as process.stdin gives them.
    stdin: Readable.from(opts.input === undefined ? [] : [Buffer.from(opts.input)]),
    stdout: collect(stdout),
    stderr: collect(stderr),
    env: { ...process.env, ...opts.env },
    cwd: opts.cwd ?? process.cwd(),
    untilStopped: () => opts.stop ?? Promise.reject(new Error('this in-process run has no signal to stop on (give --once)')),
  };
  return { io, output: () => ({ stdout: stdout.join(''), stderr: stderr.join('') }) };
}

export async function runCli(argv: string[], opts: RunCliOptions = {}): Promise<CliRun> {
  const { io, output } = bufferedIo(opts);
  let code: number;
  try {
    code = await main(argv, io);
  } catch (error) {
    // A crash: bin/access-atlas.mjs exits 2 with the message, never 1 (a "no").
    io.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    code = 2;
  }
  return { code, ...output() };
}
