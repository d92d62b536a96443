#!/usr/bin/env node
// Comments cite only files that exist in this repository, or public URLs: a citation of a note
// that lives on one developer's machine (or in a folder the repo does not ship) cannot be
// followed by anyone else. Checks every comment of the TypeScript/JavaScript sources, read with
// TypeScript's own parser, and the `source` fields of the engines' test data:
// - a path into this repo (`lib/store/README.md`, `./wildcard.ts`, `rbac/subject-matches.ts` from
//   lib/core, `real-world-ram/x.json` under fixtures/) must exist;
// - a bare source file name (`wildcard.ts`) or a bare kebab-case note (`ram-semantics.md`, how this
//   repo names its notes) must be the name of some file here;
// - no absolute path of a machine (`/work/...`, `/home/...`) and no `../shared/` outside the repo.
// Paths into other public repositories (`content/en/docs/.../rbac.md` of kubernetes/website) are
// left alone: they are citations of public documentation.
// Exit 1 with one line per bad citation (FILE:LINE: ...), 0 when all resolve.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const SKIP = new Set(['node_modules', 'generated', 'test-results', 'playwright-report', 'data', 'out', 'artifacts']);
const CODE = /\.(ts|tsx|mjs|js)$/;
const CITED = /(?<![\w*./@<>-])(?:\.{0,2}\/)?[A-Za-z0-9_@][A-Za-z0-9_./@-]*\.(?:ts|tsx|mjs|md|json|ya?ml|sql|prisma)\b/g;
const REPO_TOPS = new Set(['app', 'components', 'lib', 'cli', 'bench', 'e2e', 'scripts', 'prisma', 'fixtures', 'public', 'deploy', 'bin']);
const NOTE = /^[a-z0-9]+(?:-[a-z0-9]+)+\.md$/;
const URL_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi;
const MACHINE_PATH = /(?:^|[\s(`'"])(\/(?:work|home|root|Users|mnt)\/\S*|\.\.\/shared\/\S*)/g;

function walk(dir, out) {
  for (const entry of readdirSync(dir)) {
    if (entry.startsWith('.') || SKIP.has(entry)) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

/** Every comment of a source file, with the line it starts on. */
function commentsOf(path, text) {
  const source = ts.createSourceFile(
    path,
    text,
    ts.ScriptTarget.Latest,
    false,
    path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const seen = new Set();
  const out = [];
  const collect = (ranges) => {
    for (const r of ranges ?? []) {
      if (seen.has(r.pos)) continue;
      seen.add(r.pos);
      out.push({ line: source.getLineAndCharacterOfPosition(r.pos).line + 1, text: text.slice(r.pos, r.end) });
    }
  };
  const visit = (node) => {
    collect(ts.getLeadingCommentRanges(text, node.pos));
    collect(ts.getTrailingCommentRanges(text, node.end));
    ts.forEachChild(node, visit);
  };
  visit(source);
  collect(ts.getLeadingCommentRanges(text, source.endOfFileToken.pos));
  return out;
}

/** The `source` strings of JSON test data (cases cite where their expected answer comes from). */
function sourcesOf(text) {
  const out = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const match = /"source"\s*:\s*"([^"]*)"/.exec(line);
    if (match?.[1]) out.push({ line: i + 1, text: match[1] });
  });
  return out;
}

/** The folders a relative citation may be written from: the citing file's and each above it. */
function ancestors(ROOT, fromFile) {
  const out = [];
  for (let dir = dirname(fromFile); dir.startsWith(ROOT); dir = dirname(dir)) {
    out.push(dir);
    if (dir === ROOT) break;
  }
  return out;
}

/** True when the citation resolves here, or is not a citation of this repo at all. */
function resolves(ROOT, basenames, cited, fromFile) {
  if (cited.startsWith('../') || cited.startsWith('./')) return existsSync(resolve(dirname(fromFile), cited));
  if (cited.includes('/')) {
    if (ancestors(ROOT, fromFile).some((dir) => existsSync(join(dir, cited)))) return true;
    const top = cited.split('/')[0] ?? '';
    if (REPO_TOPS.has(top)) return false;
    if (existsSync(join(ROOT, 'fixtures', top))) return existsSync(join(ROOT, 'fixtures', cited));
    return true; // a path inside another public repository
  }
  if (/\.(ts|tsx|mjs)$/.test(cited) || NOTE.test(cited)) return basenames.has(cited);
  return true;
}

/** One line per citation under `root` that does not resolve. */
export function findBadCitations(root) {
  const ROOT = resolve(root);
  // This file's own header shows examples of what it refuses.
  const files = walk(ROOT, []).filter((f) => f !== import.meta.filename);
  const basenames = new Set(files.map((f) => basename(f)));
  const problems = [];
  for (const file of files) {
    let notes;
    if (CODE.test(file)) notes = commentsOf(file, readFileSync(file, 'utf8'));
    else if (file.endsWith('.json') && file.includes(`${sep}testdata${sep}`)) notes = sourcesOf(readFileSync(file, 'utf8'));
    else continue;
    const where = relative(ROOT, file);
    for (const note of notes) {
      for (const m of note.text.matchAll(MACHINE_PATH))
        problems.push(`${where}:${note.line}: cites a path outside the repository: ${m[1]}`);
      const withoutUrls = note.text.replace(URL_TEXT, ' ').replace(MACHINE_PATH, ' ');
      for (const m of withoutUrls.matchAll(CITED)) {
        const cited = m[0].replace(/[.]+$/, '');
        if (!resolves(ROOT, basenames, cited, file)) problems.push(`${where}:${note.line}: cites ${cited}, which is not in the repository`);
      }
    }
  }
  return problems;
}

if (process.argv[1] === import.meta.filename) {
  const problems = findBadCitations(join(import.meta.dirname, '..'));
  if (problems.length > 0) {
    console.error(`${problems.length} citation(s) of files that are not in the repository:\n${problems.join('\n')}`);
    process.exit(1);
  }
  console.log('citations: every file cited in comments exists in the repository');
}
