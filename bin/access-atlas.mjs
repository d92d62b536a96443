#!/usr/bin/env -S node --conditions=react-server --no-warnings=ExperimentalWarning
// Launcher: runs the TypeScript CLI through tsx, so `npx access-atlas` needs no build step.
// --conditions=react-server lets modules marked `import 'server-only'` load outside Next. Started
// without it (`node bin/access-atlas.mjs ...`, which skips the shebang line), the launcher runs
// itself again with it instead of crashing on the first such import.
// Any crash exits 2 ("bad input or no answer"), never 1: for can-i and ram eval, 1 means "denied".
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

const CRASH_EXIT = 2;
const NODE_FLAGS = ['--conditions=react-server', '--no-warnings=ExperimentalWarning'];
/** Set on the re-run, so a node that still ignores the flag cannot loop. */
const RERUN_MARK = 'ACCESS_ATLAS_LAUNCHER_RERUN';

function crash(error) {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${message}\n`);
  process.exit(CRASH_EXIT);
}

/** What decides whether `import 'server-only'` loads: the package's react-server export is empty.js. */
function hasReactServerCondition() {
  try {
    return import.meta.resolve('server-only').endsWith('/empty.js');
  } catch {
    return process.execArgv.some((flag) => flag === '--conditions=react-server' || flag === '-C=react-server');
  }
}

function rerunWithConditions() {
  const child = spawn(process.execPath, [...NODE_FLAGS, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, [RERUN_MARK]: '1' },
  });
  // A signal meant for the CLI (Ctrl-C reaches both through the terminal; `kill PID` only this one).
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', crash);
  child.on('exit', (code, signal) => {
    // Killed by a signal: 128 + its number, as a shell reports it; never 1.
    process.exit(code ?? 128 + (constants.signals[signal] ?? 0));
  });
}

process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

if (!hasReactServerCondition()) {
  if (process.env[RERUN_MARK] === '1')
    crash(new Error(`this node did not apply ${NODE_FLAGS[0]}; run: node ${NODE_FLAGS[0]} ${process.argv[1] ?? 'bin/access-atlas.mjs'}`));
  rerunWithConditions();
} else {
  try {
    const { register } = await import('tsx/esm/api');
    register();
    const { main } = await import('../cli/main.ts');
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    crash(error);
  }
}
