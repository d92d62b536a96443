// What a command sees of the process it runs in: its streams, environment, working directory and
// stop signals. The real process's come from processIo(); a test's from cli/testing/run-cli.ts, so a
// command runs in the test's process exactly as it runs from a shell, without a spawn per question.
import { once } from 'node:events';
import { isAbsolute, resolve } from 'node:path';
import type { Readable } from 'node:stream';

export interface CliOutput {
  /** As a stream's write: false when the text waits behind a slow reader; then await drained() before more. */
  write(text: string): boolean;
  /** Resolves once a slow reader has taken what was waiting (a stream's 'drain'). */
  drained(): Promise<void>;
}

export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Relative paths in arguments are relative to this. */
  readonly cwd: string;
  /** Resolves with a signal's name when the command is asked to stop (the scheduler runs until then). */
  untilStopped(): Promise<string>;
}

function streamOutput(stream: NodeJS.WriteStream): CliOutput {
  return {
    write: (text) => stream.write(text),
    drained: async () => {
      await once(stream, 'drain');
    },
  };
}

/** SIGINT (Ctrl-C) or SIGTERM (`kill`, a container stop). */
function untilSignal(): Promise<string> {
  return new Promise((done) => {
    // The scheduler's timer is unref'd (it must not hold the web server open); without a ref'd
    // handle the CLI would end at once with an unsettled top-level await (exit 13).
    const keepAlive = setInterval(() => {}, 60_000);
    const stop = (signal: string) => {
      clearInterval(keepAlive);
      done(signal);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export function processIo(): CliIo {
  return {
    // A getter: process.stdin is created on first use, and a command that never reads it should not.
    get stdin() {
      return process.stdin;
    },
    stdout: streamOutput(process.stdout),
    stderr: streamOutput(process.stderr),
    env: process.env,
    cwd: process.cwd(),
    untilStopped: untilSignal,
  };
}

/**
 * A path from the command line, to open: relative to io.cwd. In the process's own working directory
 * it stays as typed, so every message names the file as the user wrote it; '-' (stdin) stays '-'.
 */
export function inputPath(io: CliIo, path: string): string {
  if (path === '-' || isAbsolute(path) || resolve(io.cwd) === process.cwd()) return path;
  return resolve(io.cwd, path);
}
