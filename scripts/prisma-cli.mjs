// Runs the locally installed Prisma CLI with this Node, on any platform (no .bin shims, no npx).
import process from 'node:process';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const prismaPackage = require.resolve('prisma/package.json');
const prismaBin = join(dirname(prismaPackage), require(prismaPackage).bin.prisma);

/** `inherit`: let the CLI print to our stdout/stderr; otherwise capture its output. */
export function runPrisma(args, { inherit = false } = {}) {
  const result = spawnSync(process.execPath, [prismaBin, ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: inherit ? 'inherit' : 'pipe',
    // No update check or telemetry: installs and CI may be offline.
    env: { ...process.env, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
  if (result.error) throw result.error;
  return result;
}
