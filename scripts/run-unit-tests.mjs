#!/usr/bin/env node
// Runs every *.test.ts under the given folders or files (default: lib, cli, bench, scripts, components).
//
// Node 20's `--test` starts one process per file, and each one loads tsx and the modules the files
// share again: with about a hundred files that was most of the suite's time. Here one worker per core
// (scripts/unit-test-worker.mjs) runs file after file, each as a suite of its own, taking the next
// from this process when it is done, longest first (by the last run's times, kept in
// node_modules/.cache, else by size). Output is the spec reporter's, one file's block at a time, then
// the totals of all workers.
// --conditions=react-server lets modules marked `import 'server-only'` load outside Next.
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';

const TIMES_FILE = join('node_modules', '.cache', 'access-atlas', 'unit-test-times.json');
const WORKER = join('scripts', 'unit-test-worker.mjs');

function findTests(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (entry === 'node_modules' || entry === 'generated' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (entry.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

function readTimes() {
  try {
    return JSON.parse(readFileSync(TIMES_FILE, 'utf8'));
  } catch {
    return {};
  }
}

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['lib', 'cli', 'bench', 'scripts', 'components'];
const files = [...new Set(roots.flatMap((root) => (root.endsWith('.test.ts') ? [root] : findTests(root, []))))];
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ')}`);
  process.exit(1);
}

const times = readTimes();
const measured = {};
// Unknown files go first (they may be slow); then the slowest of the last run; size breaks ties.
const cost = (file) => times[file] ?? Number.MAX_SAFE_INTEGER / 2 + statSync(file).size;
const queue = [...files].sort((a, b) => cost(b) - cost(a) || a.localeCompare(b));
const wanted = Number(process.env.UNIT_TEST_WORKERS) || availableParallelism();
const workerCount = Math.max(1, Math.min(wanted, queue.length));

const SUMMARY = /^ℹ (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) ([\d.]+)$/;
const totals = { tests: 0, suites: 0, pass: 0, fail: 0, cancelled: 0, skipped: 0, todo: 0 };
const failures = [];
const started = performance.now();

/** Passes a worker's output through a whole file block at a time, so two workers never interleave. */
function blockWriter() {
  let pending = '';
  let block = '';
  return {
    write(chunk) {
      pending += chunk;
      let newline;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline + 1);
        pending = pending.slice(newline + 1);
        const summary = SUMMARY.exec(line.trimEnd());
        if (summary) {
          if (summary[1] in totals) totals[summary[1]] += Number(summary[2]);
          continue;
        }
        block += line;
        // A line at the left margin that ends a suite (✔ passed, ✖ failed, ﹣ skipped) ends a file's block.
        if (/^[✔✖﹣] /.test(line)) {
          process.stdout.write(block);
          block = '';
        }
      }
    },
    end() {
      process.stdout.write(block + pending);
    },
  };
}

function runWorker() {
  return new Promise((done) => {
    const worker = fork(WORKER, [], {
      execArgv: ['--conditions=react-server', '--import', 'tsx', '--test-reporter=spec'],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    const out = blockWriter();
    worker.stdout.setEncoding('utf8');
    worker.stdout.on('data', (chunk) => out.write(chunk));
    let current = null;
    worker.on('message', (message) => {
      if (message.finished) measured[message.finished.file] = message.finished.ms;
      current = queue.shift() ?? null;
      worker.send({ file: current });
    });
    worker.on('exit', (code, signal) => {
      out.end();
      // A worker that dies mid-file (a crash, process.exit in a test) fails that file; the rest go on elsewhere.
      if (current !== null) failures.push(`${current}: its worker exited (${signal ?? `code ${code}`}) before the file finished`);
      else if (code !== 0 && totals.fail === 0) failures.push(`a worker exited with ${signal ?? `code ${code}`}`);
      done(current !== null && queue.length > 0 ? runWorker() : undefined);
    });
  });
}

await Promise.all(Array.from({ length: workerCount }, () => runWorker()));

mkdirSync(dirname(TIMES_FILE), { recursive: true });
// Merged with what other runs wrote meanwhile (a run over one folder keeps the others' times).
writeFileSync(TIMES_FILE, `${JSON.stringify({ ...readTimes(), ...measured }, null, 1)}\n`);

const seconds = ((performance.now() - started) / 1000).toFixed(1);
for (const failure of failures) console.log(`✖ ${failure}`);
console.log(
  `ℹ files ${files.length} in ${workerCount} worker${workerCount === 1 ? '' : 's'}, ${seconds} s\n` +
    Object.entries(totals)
      .map(([key, value]) => `ℹ ${key} ${value}`)
      .join('\n'),
);
process.exit(totals.fail > 0 || totals.cancelled > 0 || failures.length > 0 ? 1 : 0);
