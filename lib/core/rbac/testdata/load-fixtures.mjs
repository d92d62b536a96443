// Test-only file access for the RBAC engine's tests. lib/core does no I/O (eslint forbids
// node:fs in lib/core/**/*.ts), but its tests must read the real fixtures and the case files;
// that reading is confined to this module.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..', '..', '..');

/** Every object in a fixture YAML file (relative to fixtures/), `kind: List` items flattened. */
export function loadFixtureDocs(relPath) {
  const text = readFileSync(join(repoRoot, 'fixtures', relPath), 'utf8');
  const out = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`${relPath}: ${doc.errors[0].message}`);
    const value = doc.toJS();
    if (value === null || typeof value !== 'object') continue;
    if (value.kind === 'List' && Array.isArray(value.items)) out.push(...value.items);
    else out.push(value);
  }
  return out;
}

/** Every *.json case file in this folder, parsed, with its file name. */
export function loadCaseFiles() {
  return readdirSync(here)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, data: JSON.parse(readFileSync(join(here, file), 'utf8')) }));
}
