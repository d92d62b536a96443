import 'server-only';
// Turns the paths a user gave (files, directories, '-' for stdin) into named texts,
// refusing anything too large before reading it.

import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { CollectError } from '../../core/snapshot/types';
import { inputFromBytes, type InputText } from './input-text';

export type { InputText } from './input-text';

export const DEFAULT_MAX_FILE_BYTES = 512 * 1024 * 1024;
export const STDIN_NAME = '<stdin>';

/** Extensions read from directories; the ones `kubectl apply -f DIR` reads. */
const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export interface ReadInputOptions {
  stdin?: NodeJS.ReadableStream;
  maxFileBytes?: number;
}

/** One input to read: a file path, or stdin. */
export type InputRef = { type: 'file'; path: string } | { type: 'stdin' };

export type Result<T> = { ok: true; value: T } | { ok: false; error: CollectError };

class InputError extends Error {}

/**
 * Expands the given paths into the inputs to read, in order: a directory contributes its
 * manifest files, recursively, sorted by path. Nothing is read yet, so inputs can be parsed
 * one at a time.
 */
export async function listInputs(paths: readonly string[]): Promise<Result<InputRef[]>> {
  if (paths.length === 0) return badInput('no input given: name files, directories or - for stdin');
  if (paths.filter((path) => path === '-').length > 1) return badInput('- (stdin) can be given only once');
  return guard(async () => {
    const refs: InputRef[] = [];
    for (const path of paths) {
      if (path === '-') refs.push({ type: 'stdin' });
      else for (const file of await expandPath(path)) refs.push({ type: 'file', path: file });
    }
    return refs;
  });
}

/** Reads one input, refusing it by name when it is larger than maxFileBytes. */
export async function readInput(ref: InputRef, opts: ReadInputOptions = {}): Promise<Result<InputText>> {
  const maxBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  return guard(async () => {
    if (ref.type === 'file') return readTextFile(ref.path, maxBytes);
    return inputFromBytes(STDIN_NAME, await readStream(opts.stdin ?? process.stdin, maxBytes), 'sniff');
  });
}

async function guard<T>(work: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof InputError) return badInput(error.message);
    throw error;
  }
}

function badInput(message: string): { ok: false; error: CollectError } {
  return { ok: false, error: { code: 'bad-input', message } };
}

async function expandPath(path: string): Promise<string[]> {
  const info = await statOrThrow(path);
  if (!info.isDirectory()) return [path];
  const files: string[] = [];
  await walkDirectory(path, new Set(), files);
  return files;
}

/** Depth-first, entries sorted by name so the order (and so "last one wins") is stable. */
async function walkDirectory(dir: string, visited: Set<string>, out: string[]): Promise<void> {
  // A symlink loop would otherwise recurse forever.
  const real = await realpath(dir);
  if (visited.has(real)) return;
  visited.add(real);
  const entries = (await readdir(dir)).sort();
  for (const entry of entries) {
    const path = join(dir, entry);
    const info = await statOrThrow(path);
    if (info.isDirectory()) await walkDirectory(path, visited, out);
    else if (info.isFile() && MANIFEST_EXTENSIONS.has(extname(entry).toLowerCase())) out.push(path);
  }
}

async function readTextFile(path: string, maxBytes: number): Promise<InputText> {
  const info = await statOrThrow(path);
  if (info.size > maxBytes) {
    throw new InputError(`${path} is ${info.size} bytes, more than the limit of ${maxBytes} bytes; split the dump or raise the limit`);
  }
  // Bytes, not a string: fs.promises.readFile(path, 'utf8') builds a rope of chunks that the
  // first scan flattens into a second full copy; a List is then parsed from the bytes item by item.
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${describeFsError(error)}`);
  }
  const ext = extname(path).toLowerCase();
  const format = ext === '.json' ? 'json' : ext === '.yaml' || ext === '.yml' ? 'yaml' : 'sniff';
  return inputFromBytes(path, bytes, format);
}

async function readStream(stream: NodeJS.ReadableStream, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    size += buffer.length;
    if (size > maxBytes) throw new InputError(`${STDIN_NAME} is more than the limit of ${maxBytes} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, size);
}

async function statOrThrow(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${describeFsError(error)}`);
  }
}

function describeFsError(error: unknown): string {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}
