import 'server-only';
// The one folder the dashboard may read kubeconfigs from, ACCESS_ATLAS_KUBECONFIG_DIR. A path is
// accepted only when it resolves (symlinks followed, no escape) to a regular file inside it;
// a path outside it and a path that does not exist get the same answer, so the dashboard never
// tells whether an arbitrary server path exists. Unset, the "kubeconfig on this server" mode is off.
import { open, realpath } from 'node:fs/promises';
import { constants } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';

export const KUBECONFIG_DIR_VARIABLE = 'ACCESS_ATLAS_KUBECONFIG_DIR';

/** Same limit as an uploaded kubeconfig. */
const MAX_KUBECONFIG_BYTES = 1_000_000;

type Env = Readonly<Record<string, string | undefined>>;

export type KubeconfigFromDir = { ok: true; kubeconfig: string; path: string } | { ok: false; message: string };

/** The configured folder, or null when the mode is off. */
export function kubeconfigDirectory(env: Env = process.env): string | null {
  const dir = env[KUBECONFIG_DIR_VARIABLE]?.trim() ?? '';
  return dir === '' ? null : resolve(dir);
}

export function kubeconfigDirOff(): string {
  return `reading kubeconfigs from server paths is off; set ${KUBECONFIG_DIR_VARIABLE} to the folder the dashboard may read them from`;
}

function notThere(dir: string): string {
  return `no readable kubeconfig file at that path inside ${KUBECONFIG_DIR_VARIABLE} (${dir}); the dashboard reads kubeconfigs only from there`;
}

/** True when `child` (already resolved) is `dir` itself or below it. */
function isInside(dir: string, child: string): boolean {
  const rel = relative(dir, child);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * Whether an absolute `path` is written as a file under the folder. Lexical only (for showing
 * which sources the dashboard may run); readKubeconfigFromDir decides where it really leads.
 */
export function isUnderKubeconfigDir(path: string, env: Env = process.env): boolean {
  const dir = kubeconfigDirectory(env);
  return dir !== null && isAbsolute(path) && isInside(dir, resolve(path));
}

/**
 * Reads the kubeconfig at `path` (absolute, or relative to the folder) when it lies inside the
 * folder. The file is opened once by its resolved path and read through that handle, so what is
 * checked is what is read.
 */
export async function readKubeconfigFromDir(path: string, env: Env = process.env): Promise<KubeconfigFromDir> {
  const configured = kubeconfigDirectory(env);
  if (configured === null) return { ok: false, message: kubeconfigDirOff() };
  let dir: string;
  try {
    dir = await realpath(configured);
  } catch {
    return { ok: false, message: `${KUBECONFIG_DIR_VARIABLE} (${configured}) is not a folder the server can read` };
  }
  try {
    const real = await realpath(resolve(dir, path));
    if (!isInside(dir, real)) return { ok: false, message: notThere(configured) };
    const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) return { ok: false, message: notThere(configured) };
      // Inside the folder, so saying why is no leak.
      if (stat.size > MAX_KUBECONFIG_BYTES)
        return { ok: false, message: `the kubeconfig at that path is larger than ${MAX_KUBECONFIG_BYTES / 1_000_000} MB` };
      return { ok: true, kubeconfig: await handle.readFile('utf8'), path: real };
    } finally {
      await handle.close();
    }
  } catch {
    return { ok: false, message: notThere(configured) };
  }
}
