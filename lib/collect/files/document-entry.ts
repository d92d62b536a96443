// What reading a file yields: Kubernetes objects (or recognised Secrets) with where they were
// found, handed one at a time to a sink. Shared by the JSON and YAML readers. Pure.

import type { JsonObject } from '../../core/snapshot/types';

export interface DocumentLocation {
  file: string;
  /** 1-based index of the YAML document (always 1 for JSON). */
  document: number;
  /** 1-based index inside a List's items (or a top-level JSON array). */
  item?: number;
  /** 1-based line where the object starts (YAML only). */
  line?: number;
}

export type ParsedEntry = { type: 'object'; object: JsonObject; where: DocumentLocation } | { type: 'secret'; where: DocumentLocation };

/**
 * Receives a file's entries as they are read, so that of a large List only what the sink
 * keeps of each item stays in memory, not the whole parsed file.
 */
export interface EntrySink {
  add(entry: ParsedEntry): void;
  /** Forgets every entry added so far: the file is read again another way (whole, or as YAML). */
  discard(): void;
}

/** A document that is readable but not a Kubernetes object; readDocuments turns it into 'bad-input'. */
export class DocumentError extends Error {}

export function describeLocation(where: DocumentLocation): string {
  const line = where.line === undefined ? '' : `:${where.line}`;
  const item = where.item === undefined ? '' : `, item ${where.item}`;
  return `${where.file}${line} (document ${where.document}${item})`;
}

/**
 * `kind: List` is what `kubectl get` prints for several objects; typed lists (RoleList, ...)
 * come from the API. APIResourceList ends in "List" but is an object we keep.
 */
export function isListKind(kind: unknown, hasItems: boolean): boolean {
  if (kind === 'List') return true;
  return typeof kind === 'string' && kind.endsWith('List') && kind !== 'APIResourceList' && hasItems;
}

export function describeNonObject(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}
