// The citation check finds what it exists for (a note that is not in the repo, a machine path,
// a moved fixture) and leaves public citations alone.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { findBadCitations } from './check-citations.mjs';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'atlas-citations-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

test('citations that resolve, and public ones, pass', () => {
  const root = tree({
    'lib/core/ram/notes-here.md': '# notes',
    'fixtures/real-world-ram/a.json': '{}',
    'lib/core/ram/engine.ts': [
      '// Semantics in notes-here.md A1 and lib/core/ram/notes-here.md; see ./engine.ts and engine.ts.',
      '// Fixture real-world-ram/a.json; kubernetes/website content/en/docs/reference/rbac.md;',
      '// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html',
      'export const x = 1; // trailing: ../ram/engine.ts',
    ].join('\n'),
  });
  try {
    assert.deepEqual(findBadCitations(root), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a missing note, a missing repo file, a moved fixture and machine paths are each named with file and line', () => {
  const root = tree({
    'fixtures/real-world-ram/a.json': '{}',
    'lib/core/x.ts': [
      "export const a = '/work/not-a-comment'; // cites private-notes.md",
      '/* API agreed in /work/briefs/api.md */',
      '// see lib/core/gone.ts and real-world-ram/b.json and ../shared/research/r.md',
    ].join('\n'),
    'lib/core/testdata/cases.json': '[\n  {"source": "per ram-api.md"}\n]',
  });
  try {
    assert.deepEqual(findBadCitations(root).sort(), [
      'lib/core/testdata/cases.json:2: cites ram-api.md, which is not in the repository',
      'lib/core/x.ts:1: cites private-notes.md, which is not in the repository',
      'lib/core/x.ts:2: cites a path outside the repository: /work/briefs/api.md',
      'lib/core/x.ts:3: cites a path outside the repository: ../shared/research/r.md',
      'lib/core/x.ts:3: cites lib/core/gone.ts, which is not in the repository',
      'lib/core/x.ts:3: cites real-world-ram/b.json, which is not in the repository',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
