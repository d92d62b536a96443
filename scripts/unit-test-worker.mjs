// One long-lived unit-test process (started by scripts/run-unit-tests.mjs, under tsx): it asks the
// runner for a file, runs it as a suite of its own, reports how long it took, and asks again until
// the runner has none left. tsx and the modules the files share are loaded once per worker instead
// of once per file. A suite keeps a file's hooks (before, beforeEach, after) to that file; the
// environment variables a file changed are put back before the next file starts.
import { describe } from 'node:test';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

if (typeof process.send !== 'function') {
  console.error('unit-test-worker: start it through scripts/run-unit-tests.mjs');
  process.exit(2);
}

/** The next file from the runner, or null when none are left. */
function nextFile(finished) {
  return new Promise((done) => {
    process.once('message', (message) => done(message.file ?? null));
    process.send({ ready: true, finished });
  });
}

function restoreEnv(saved) {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  for (const [key, value] of Object.entries(saved)) if (process.env[key] !== value) process.env[key] = value;
}

let finished = null;
for (let file = await nextFile(finished); file !== null; file = await nextFile(finished)) {
  const env = { ...process.env };
  const cwd = process.cwd();
  const started = performance.now();
  // describe's promise settles when the suite, and every test the file registered in it, is done.
  await describe(file, async () => {
    await import(pathToFileURL(resolve(file)).href);
  });
  restoreEnv(env);
  if (process.cwd() !== cwd) process.chdir(cwd);
  finished = { file, ms: Math.round(performance.now() - started) };
}
process.disconnect();
