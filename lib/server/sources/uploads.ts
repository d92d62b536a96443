import 'server-only';
// Uploaded dumps: checked in a private temporary folder (so a bad file never lands in the data
// directory), then kept under <data dir>/uploads/<source>/, where the source's connection points.
// The folder's name comes from the source name, so before any write or delete the path is checked
// to be exactly one level inside <data dir>/uploads/, and that folder to be a real directory, not a
// symbolic link to somewhere else (issue 9: deleting a source named `../../victim` removed a
// directory outside the data directory).
import { lstat, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isSourceName, sourceNameError } from '../../core/snapshot/source-name';
import { dataDirectory } from '../secret-box';
import type { UploadedFile } from './setup-input';

/** A path derived from a source name that would leave <data dir>/uploads/, or an uploads folder that is no plain directory. */
export class UploadPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UploadPathError';
  }
}

export function uploadsRoot(): string {
  return join(dataDirectory(), 'uploads');
}

/** <data dir>/uploads/<source>, for a valid source name only, checked to stay one level inside the uploads folder. */
export function uploadsDirectory(sourceName: string): string {
  const bad = sourceNameError(sourceName, 'source');
  if (bad) throw new UploadPathError(bad);
  const root = uploadsRoot();
  const dir = resolve(root, sourceName);
  const inside = relative(root, dir);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside) || inside.includes(sep)) {
    throw new UploadPathError(`source "${sourceName}": its uploads folder would not be inside ${root}`);
  }
  return dir;
}

/**
 * False when the uploads folder does not exist; throws when it is a symbolic link or no directory:
 * a name inside it could then reach anywhere.
 */
async function isPlainUploadsRoot(root: string): Promise<boolean> {
  let info;
  try {
    info = await lstat(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  if (info.isSymbolicLink() || !info.isDirectory())
    throw new UploadPathError(`${root} is not a plain directory (a symbolic link?): refusing to write or delete under it`);
  return true;
}

/** A file name safe on every filesystem, unique within the upload, keeping the extension collectors look at. */
function safeNames(files: readonly UploadedFile[]): string[] {
  const seen = new Set<string>();
  return files.map((f, i) => {
    const base =
      basename(f.name)
        .replace(/[^A-Za-z0-9._-]/g, '_')
        .replace(/^\.+/, '') || `file-${i + 1}`;
    let name = base;
    for (let n = 2; seen.has(name); n += 1) name = base.replace(/(\.[^.]*)?$/, (ext) => `-${n}${ext}`);
    seen.add(name);
    return name;
  });
}

export interface StagedUpload {
  dir: string;
  paths: string[];
  /** Replaces the temporary folder in collector messages, so errors name the file as uploaded. */
  clean(message: string): string;
  discard(): Promise<void>;
}

export async function stageUpload(files: readonly UploadedFile[]): Promise<StagedUpload> {
  const dir = await mkdtemp(join(tmpdir(), 'atlas-upload-'));
  const names = safeNames(files);
  const paths = names.map((n) => join(dir, n));
  await Promise.all(files.map((f, i) => writeFile(paths[i] ?? join(dir, `file-${i}`), f.bytes, { mode: 0o600 })));
  return {
    dir,
    paths,
    clean: (message) => message.split(`${dir}/`).join(''),
    discard: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Moves a checked upload to the source's folder (replacing a leftover one) and returns the final paths. */
export async function keepUpload(staged: StagedUpload, sourceName: string): Promise<string[]> {
  const target = uploadsDirectory(sourceName);
  // Owner-only, like the database and the key beside it: the dumps show who can do what.
  await mkdir(dirname(target), { recursive: true, mode: 0o700 });
  await isPlainUploadsRoot(dirname(target));
  // A leftover entry that is a symbolic link is removed itself; rm never follows it.
  await rm(target, { recursive: true, force: true });
  try {
    await rename(staged.dir, target);
  } catch (error) {
    // The temporary folder is on another filesystem: copy, then remove it.
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    const { cp } = await import('node:fs/promises');
    await cp(staged.dir, target, { recursive: true });
    await staged.discard();
  }
  return staged.paths.map((p) => join(target, basename(p)));
}

/**
 * Removes the source's uploads folder. For a name that breaks the rule (a source stored before
 * the rule existed) no path is derived at all and nothing is touched: a folder it may have left
 * under <data dir>/uploads/ stays for the operator to remove.
 */
export async function removeUploads(sourceName: string): Promise<void> {
  if (!isSourceName(sourceName)) return;
  const target = uploadsDirectory(sourceName);
  if (!(await isPlainUploadsRoot(dirname(target)))) return;
  await rm(target, { recursive: true, force: true });
}
