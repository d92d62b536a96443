import 'server-only';
// File import: what `kubectl get ... -o yaml|json` printed, or manifests, as one complete
// snapshot. Files are read and parsed one at a time, so only one is in memory as text.

import type { CollectResult } from '../../core/snapshot/types';
import { SnapshotAssembler } from './assemble-snapshot';
import { readDocuments } from './read-documents';
import { listInputs, readInput, STDIN_NAME, type ReadInputOptions } from './read-input';

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
    const input = await readInput(ref, opts);
    if (!input.ok) return input;
    const parsed = readDocuments(input.value);
    if (!parsed.ok) return parsed;
    const error = assembler.addFile(input.value.name, parsed.entries);
    if (error !== null) return { ok: false, error };
  }
  return assembler.finish(paths.map((path) => (path === '-' ? STDIN_NAME : path)).join(', '));
}
