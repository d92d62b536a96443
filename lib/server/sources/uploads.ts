import 'server-only';
// Uploaded dumps: checked in a private temporary folder (so a bad file never lands in the data
// directory), then kept under <data dir>/uploads/<source>/, where the source's connection points.
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { dataDirectory } from '../secret-box';
import type { UploadedFile } from './setup-input';

export function uploadsDirectory(sourceName: string): string {
  return join(dataDirectory(), 'uploads', sourceName);
}

/** A file name safe on every filesystem, unique within the upload, keeping the extension collectors look at. */
function safeNames(files: readonly UploadedFile[]): string[] {
  const seen = new Set<string>();
  return files.map((f, i) => {
    const base = basename(f.name).replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '') || `file-${i + 1}`;
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
  await rm(target, { recursive: true, force: true });
  await mkdir(join(target, '..'), { recursive: true, mode: 0o700 });
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

export async function removeUploads(sourceName: string): Promise<void> {
  await rm(uploadsDirectory(sourceName), { recursive: true, force: true });
}
