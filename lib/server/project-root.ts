import 'server-only';
// Where the project's own files (fixtures/) are, whether we run from the repo,
// from `next start` or from the CLI launched elsewhere.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function isProjectRoot(dir: string): boolean {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'access-atlas';
  } catch {
    return false;
  }
}

function findProjectRoot(): string {
  if (process.env.ACCESS_ATLAS_HOME) return process.env.ACCESS_ATLAS_HOME;
  for (const start of [process.cwd(), dirname(new URL(import.meta.url).pathname)]) {
    let dir = start;
    for (;;) {
      if (isProjectRoot(dir)) return dir;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return process.cwd();
}

let root: string | undefined;

export function projectPath(...parts: string[]): string {
  root ??= findProjectRoot();
  return join(root, ...parts);
}
