import 'server-only';
// File import: what `kubectl get ... -o yaml|json` printed, or manifests, as one complete
// snapshot. Files are read and parsed one at a time, so only one is in memory as bytes, and
// each object is normalized as soon as it is parsed.

import type { CollectError, CollectResult } from '../../core/snapshot/types';
import { SnapshotAssembler } from './assemble-snapshot';
import { readDocuments } from './read-documents';
import { listInputs, readInput, STDIN_NAME, type InputRef, type ReadInputOptions } from './read-input';

export interface CollectFromFilesOptions extends ReadInputOptions {
  /**
   * Namespace for namespaced objects that carry none, like `kubectl apply -n NS`. Without it
   * they go to "default" (what `kubectl apply` does without -n) and a warning names them.
   * An object's own metadata.namespace always wins.
   */
  defaultNamespace?: string;
}

/**
 * Reads files, directories (recursively: .yaml, .yml, .json, sorted) and '-' (stdin).
 * Fails with 'bad-input' naming the file and position of the first unreadable document.
 */
export async function collectFromFiles(paths: string[], opts: CollectFromFilesOptions = {}): Promise<CollectResult> {
  const refs = await listInputs(paths);
  if (!refs.ok) return refs;
  const assembler = new SnapshotAssembler(opts.defaultNamespace);
  for (const ref of refs.value) {
    const error = await addInput(ref, assembler, opts);
    if (error !== null) return { ok: false, error };
  }
  return assembler.finish(paths.map((path) => (path === '-' ? STDIN_NAME : path)).join(', '));
}

/** A function of its own so that the file's bytes are garbage once it returns, before the next is read. */
async function addInput(ref: InputRef, assembler: SnapshotAssembler, opts: ReadInputOptions): Promise<CollectError | null> {
  const input = await readInput(ref, opts);
  if (!input.ok) return input.error;
  const intake = assembler.startFile(input.value.name);
  // A syntax error anywhere in the file wins over a malformed object before it, as when files were parsed whole.
  const parsed = readDocuments(input.value, intake);
  if (!parsed.ok) return parsed.error;
  return assembler.addFile(intake);
}
