#!/usr/bin/env node
// Runs every *.test.ts under the given folders (default: lib, cli, bench, scripts, components) with Node's test runner.
// Node 20's --test takes no globs, so the file list is built here.
// --conditions=react-server lets modules marked `import 'server-only'` load outside Next.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

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

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['lib', 'cli', 'bench', 'scripts', 'components'];
const files = roots.flatMap((root) => (root.endsWith('.test.ts') ? [root] : findTests(root, []))).sort();
if (files.length === 0) {
  console.error(`no test files under ${roots.join(', ')}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
